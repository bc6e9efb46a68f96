package dev.cinnabar.persistence.aof;

import dev.cinnabar.store.KeyValueStore;

import java.io.IOException;
import java.io.InputStream;

/**
 * Loads an RDB stream into the keyspace, for an AOF whose base is an RDB file
 * ({@code *.base.rdb}, written with {@code aof-use-rdb-preamble yes}). Provided by the RDB
 * codec as a bean; without one, such an AOF cannot be loaded. Called on the keyspace thread.
 */
public interface BaseRdbLoader {

    /**
     * Reads the whole RDB from {@code in} into {@code store}.
     *
     * @param source the file's name, for error messages
     * @throws IOException if the stream cannot be read or is not a valid RDB
     */
    void load(InputStream in, KeyValueStore store, String source) throws IOException;
}
