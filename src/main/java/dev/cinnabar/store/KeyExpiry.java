package dev.cinnabar.store;

/**
 * Whether keys whose time passed are removed, decided outside the store. A replica keeps
 * them: its clients no longer see them, but only its master's {@code DEL} removes them, so
 * that master and replica never disagree about a key. While the master's own commands run on
 * a replica, expiry is suspended altogether: a key the master still had is live to them.
 */
public final class KeyExpiry {

    private boolean suspended;
    private boolean keepsExpired;

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
}
