package dev.cinnabar.propagation;

/**
 * A consumer of the write stream (the AOF, replica links, the replication backlog). Called
 * on the keyspace thread, in execution order; it must copy what it keeps.
 */
public interface PropagationListener {

    /** One write, as the command that reproduces its effect when run in {@code database}. */
    void propagate(int database, byte[][] argv);
}
