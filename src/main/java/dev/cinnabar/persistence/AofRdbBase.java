package dev.cinnabar.persistence;

import dev.cinnabar.persistence.aof.BaseRdbLoader;
import dev.cinnabar.persistence.rdb.RdbInput;
import dev.cinnabar.persistence.rdb.RdbLoader;
import dev.cinnabar.store.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;

/**
 * The RDB part of an append-only file: a {@code .base.rdb} file, or an RDB preamble that the
 * file's commands follow, which is why nothing past the RDB's checksum is read. Keys whose
 * time has passed are loaded too, as Redis does for an AOF base: their expiry is propagated
 * as DEL like any other.
 */
@Component
class AofRdbBase implements BaseRdbLoader {

    private static final Logger log = LoggerFactory.getLogger(AofRdbBase.class);

    private final RdbPersistence persistence;

    AofRdbBase(RdbPersistence persistence) {
        this.persistence = persistence;
    }

    @Override
    public void load(InputStream in, KeyValueStore store, String source) throws IOException {
        RdbLoader.Result result = RdbLoader.load(new RdbInput(in, false), store, persistence.valueLimits(),
                store.clock().now(), false);
        log.info("Loaded the RDB base {} of the append-only file: {} keys", source, result.keysLoaded());
    }
}
