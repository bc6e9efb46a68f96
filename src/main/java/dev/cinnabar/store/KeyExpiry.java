package dev.cinnabar.store;

/**
 * The parts of key expiry that are decided outside the store: who hears of a key removed
 * because its time passed (propagation turns it into a {@code DEL}, so that the AOF and
 * replicas delete it too); whether keys may expire at all right now (not while a file is
 * being loaded, nor while a master's commands run on its replica: a key's time is judged
 * once the whole file or command is applied); and whether expired keys are removed or only
 * hidden (a replica keeps them until its master's {@code DEL}, so that master and replica
 * never disagree about a key).
 */
public final class KeyExpiry {

    /** Told of every key that expired, lazily or by the active cycle, after it was removed. */
    @FunctionalInterface
    public interface Listener {

        void keyExpired(int database, byte[] key);
    }

    private Listener listener = (database, key) -> {
    };
    private boolean suspended;
    private boolean keepsExpired;

    public void listener(Listener listener) {
        this.listener = listener;
    }

    /** While suspended, expired keys stay readable and are not removed. */
    public void suspend(boolean suspended) {
        this.suspended = suspended;
    }

    public boolean suspended() {
        return suspended;
    }

    /** While set (on a replica), expired keys are hidden from reads but stay stored. */
    public void keepExpired(boolean keepsExpired) {
        this.keepsExpired = keepsExpired;
    }

    public boolean keepsExpired() {
        return keepsExpired;
    }

    void expired(int database, byte[] key) {
        listener.keyExpired(database, key);
    }
}
