package dev.cinnabar.propagation;

import dev.cinnabar.protocol.CommandArgs;
import dev.cinnabar.store.KeyValueStore;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The one place writes leave the keyspace for the AOF and replicas. The dispatcher reports
 * each command when it finishes; a command that changed the dataset is propagated as its own
 * arguments unless it named its deterministic effect instead ({@link #propagateAs}). Writes
 * inside EXEC leave as one MULTI … EXEC block holding only the writes (a single write leaves
 * alone, as Redis 7.0 sends it). A key removed because its time passed leaves at once as
 * {@code DEL key}, ahead of the command that found it expired. While nobody listens, nothing
 * is copied.
 */
@Component
public class Propagation {

    private static final byte[][] MULTI = {"MULTI".getBytes(StandardCharsets.US_ASCII)};
    private static final byte[][] EXEC = {"EXEC".getBytes(StandardCharsets.US_ASCII)};
    private static final byte[] DEL = "DEL".getBytes(StandardCharsets.US_ASCII);

    private record Write(int database, byte[][] argv) {
    }

    private final List<PropagationListener> listeners = new CopyOnWriteArrayList<>();
    private final List<Write> pending = new ArrayList<>();
    private boolean effectsGiven;
    private boolean inTransaction;
    private Runnable afterCommand = () -> {
    };

    public Propagation(KeyValueStore store) {
        store.expiry().listener(this::keyExpired);
    }

    public void addListener(PropagationListener listener) {
        listeners.add(listener);
    }

    public void removeListener(PropagationListener listener) {
        listeners.remove(listener);
    }

    /**
     * Runs {@code hook} after every command that is not part of a transaction, and after
     * every whole EXEC, once its writes are propagated: clients blocked on keys those writes
     * filled are served there, before any other command runs.
     */
    public void afterEachCommand(Runnable hook) {
        this.afterCommand = hook;
    }

    /** A command starts: what it propagates is decided afresh. */
    public void commandStarted() {
        effectsGiven = false;
    }

    /**
     * A command finished in {@code database}; {@code changedDataset} says whether it counted
     * changes. Its own arguments are propagated unless it gave its effects.
     */
    public void commandFinished(int database, boolean changedDataset, CommandArgs arguments) {
        if (changedDataset && !effectsGiven && !listeners.isEmpty()) {
            pending.add(new Write(database, arguments.toArray()));
        }
        effectsGiven = false;
        if (!inTransaction) {
            deliverPending();
            afterCommand.run();
        }
    }

    /** The running command's effect is {@code argv} in {@code database}; each call adds one command. */
    public void propagateAs(int database, byte[]... argv) {
        effectsGiven = true;
        if (!listeners.isEmpty()) {
            pending.add(new Write(database, argv));
        }
    }

    /** EXEC starts running its queue: the writes collect until {@link #transactionFinished}. */
    public void transactionStarted() {
        inTransaction = true;
    }

    public void transactionFinished() {
        inTransaction = false;
        if (pending.size() > 1) {
            pending.add(0, new Write(pending.get(0).database(), MULTI));
            pending.add(new Write(pending.get(pending.size() - 1).database(), EXEC));
        }
        deliverPending();
    }

    private void keyExpired(int database, byte[] key) {
        if (!listeners.isEmpty()) {
            deliver(database, new byte[][] {DEL, key});
        }
    }

    private void deliver(int database, byte[][] argv) {
        for (PropagationListener listener : listeners) {
            listener.propagate(database, argv);
        }
    }

    private void deliverPending() {
        if (pending.isEmpty()) {
            return;
        }
        for (Write write : pending) {
            deliver(write.database(), write.argv());
        }
        pending.clear();
    }
}
