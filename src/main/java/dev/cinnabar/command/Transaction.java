package dev.cinnabar.command;

import java.util.ArrayList;
import java.util.List;

/**
 * The commands a client queued since MULTI, with their arguments already parsed, and whether
 * one of them was rejected while queueing (which makes EXEC answer EXECABORT).
 */
public final class Transaction {

    /** One queued command: what to run and the private copy of its arguments. */
    public record QueuedCommand(CommandSpec spec, byte[][] argv) {
    }

    private final List<QueuedCommand> queue = new ArrayList<>();
    private boolean aborted;

    void queue(CommandSpec spec, byte[][] argv) {
        queue.add(new QueuedCommand(spec, argv));
    }

    /** A command was rejected while queueing: EXEC will refuse the whole transaction. */
    void abort() {
        aborted = true;
    }

    public boolean isAborted() {
        return aborted;
    }

    public List<QueuedCommand> queued() {
        return queue;
    }

    public int size() {
        return queue.size();
    }
}
