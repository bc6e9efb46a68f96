package dev.cinnabar.persistence.aof;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Writes an AOF rewrite's base as an RDB file ({@code aof-use-rdb-preamble yes}) from a
 * point-in-time snapshot of the keyspace, while clients go on being served. Provided by the
 * RDB codec as a bean. Called on the keyspace thread.
 */
public interface BaseRdbWriter {

    /**
     * Starts writing the snapshot taken now to {@code target}; false if another snapshot is
     * running (try again later). {@code onDone} runs on the keyspace thread with null once the
     * file is complete and in place, or with the failure.
     */
    boolean startBackgroundSnapshot(Path target, Consumer<Throwable> onDone);
}
