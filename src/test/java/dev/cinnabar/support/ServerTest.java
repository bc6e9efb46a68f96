package dev.cinnabar.support;

import dev.cinnabar.net.ClientRegistry;
import dev.cinnabar.net.KeyspaceEventLoop;
import dev.cinnabar.net.RespServer;
import dev.cinnabar.store.KeyValueStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Base of the integration tests: one running server (the Spring context is shared by every
 * test class that extends this), a Lettuce client connected over a real socket, and a raw
 * socket client for byte-exact checks. Every test starts from an empty keyspace.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"cinnabar.port=0", "cinnabar.save="})
public abstract class ServerTest {

    private static RedisClient sharedClient;

    @Autowired
    protected RespServer server;

    @Autowired
    protected KeyspaceEventLoop keyspace;

    @Autowired
    protected KeyValueStore store;

    @Autowired
    protected ClientRegistry clients;

    @LocalServerPort
    protected int httpPort;

    protected StatefulRedisConnection<String, String> connection;
    protected RedisCommands<String, String> redis;
    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeEach
    void connectAndFlush() throws Exception {
        connection = client().connect(uri());
        redis = connection.sync();
        onKeyspace(store::flushAll);
    }

    @AfterEach
    void closeConnections() throws Exception {
        connection.close();
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
        opened.clear();
    }

    protected RedisURI uri() {
        return RedisURI.builder().withHost("127.0.0.1").withPort(server.port())
                .withTimeout(Duration.ofSeconds(10)).build();
    }

    protected RedisClient client() {
        synchronized (ServerTest.class) {
            if (sharedClient == null) {
                sharedClient = RedisClient.create();
            }
            return sharedClient;
        }
    }

    /** Another Lettuce connection, closed after the test. */
    protected StatefulRedisConnection<String, String> newConnection() {
        StatefulRedisConnection<String, String> extra = client().connect(uri());
        opened.add(extra);
        return extra;
    }

    /** A Lettuce connection with binary keys and values, closed after the test. */
    protected RedisCommands<byte[], byte[]> binaryRedis() {
        StatefulRedisConnection<byte[], byte[]> binary = client().connect(ByteArrayCodec.INSTANCE, uri());
        opened.add(binary);
        return binary.sync();
    }

    /** A raw socket for byte-exact requests and replies, closed after the test. */
    protected RawClient raw() throws Exception {
        RawClient raw = new RawClient("127.0.0.1", server.port());
        opened.add(raw);
        return raw;
    }

    /** Runs {@code task} on the keyspace thread, as the store requires. */
    protected <T> T onKeyspace(java.util.concurrent.Callable<T> task) throws Exception {
        return keyspace.call(task, 5, TimeUnit.SECONDS);
    }

    /** Waits until {@code count} clients are blocked, so that what follows happens after they block. */
    protected void awaitBlockedClients(int count) throws Exception {
        for (int attempt = 0; attempt < 500; attempt++) {
            if (onKeyspace(clients::blockedCount) == count) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("expected " + count + " blocked clients, found " + onKeyspace(clients::blockedCount));
    }
}
