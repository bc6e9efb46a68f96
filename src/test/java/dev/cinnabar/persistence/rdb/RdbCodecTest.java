package dev.cinnabar.persistence.rdb;

import dev.cinnabar.store.KeyValueStore;
import dev.cinnabar.store.KeyspaceClock;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RdbCodecTest {

    static KeyValueStore newStore() {
        return new KeyValueStore(16, KeyspaceClock.SYSTEM);
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = RdbCodecTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    static RdbLoader.Result load(byte[] data, KeyValueStore store) throws IOException {
        return RdbLoader.load(new ByteArrayInputStream(data), store, ValueLimits.redisDefaults(),
                System.currentTimeMillis(), true);
    }

    static byte[] save(KeyValueStore store) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new RdbWriter().writeAll(store, Map.of("redis-ver", "7.0.15"), true, out);
        return out.toByteArray();
    }

    @Test
    void dumpAllTypes() throws IOException {
        KeyValueStore store = newStore();
        RdbLoader.Result result = load(resource("redis-7.0-all-types.rdb"), store);
        ValueDescriptions.keyspace(store).forEach((k, v) -> System.out.println(k + " -> " + (v.length() > 300 ? v.substring(0, 300) : v)));
        System.out.println(result);
        KeyValueStore again = newStore();
        load(save(store), again);
        assertThat(ValueDescriptions.keyspace(again)).isEqualTo(ValueDescriptions.keyspace(store));
    }
}
