package dev.cinnabar.blocking;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.net.ClientConnection;
import dev.cinnabar.net.KeyspaceEventLoop;
import dev.cinnabar.propagation.Propagation;
import dev.cinnabar.store.ByteKey;
import dev.cinnabar.store.Database;
import dev.cinnabar.store.KeyWaiters;
import dev.cinnabar.protocol.ErrorReplyException;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The clients blocked on keys (BLPOP, BLMOVE, BZPOPMIN, XREAD BLOCK ...), like Redis's
 * blocked.c. Each key has its waiters in arrival order. A key that gets data is noted as
 * ready, and right after the command that filled it (or the whole EXEC) finishes, its
 * waiters are served first come, first served, before any other command runs. Timeouts are
 * timers on the keyspace thread; no thread waits for anybody.
 */
@Component
public class BlockedClients implements KeyWaiters {

    private static final Logger log = LoggerFactory.getLogger(BlockedClients.class);
    private static final String UNBLOCKED_ERROR = "UNBLOCKED client unblocked via CLIENT UNBLOCK";

    private record ReadyKey(Database database, ByteKey key) {
    }

    /** One blocked client: where it waits, for what, and until when. */
    private static final class Blocked {
        final ClientConnection client;
        final Database database;
        final List<ByteKey> keys;
        final BlockedCommand command;
        ScheduledFuture<?> timer;

        Blocked(ClientConnection client, Database database, List<ByteKey> keys, BlockedCommand command) {
            this.client = client;
            this.database = database;
            this.keys = keys;
            this.command = command;
        }
    }

    private final KeyspaceEventLoop eventLoop;
    private final Propagation propagation;
    private final Map<Database, Map<ByteKey, ArrayDeque<Blocked>>> waitersByDatabase = new HashMap<>();
    private final Map<ClientConnection, Blocked> blockedByClient = new IdentityHashMap<>();
    private final LinkedHashSet<ReadyKey> readyKeys = new LinkedHashSet<>();
    private boolean serving;

    public BlockedClients(KeyspaceEventLoop eventLoop, Propagation propagation) {
        this.eventLoop = eventLoop;
        this.propagation = propagation;
        propagation.afterEachCommand(this::serveReadyKeys);
    }

    /**
     * Blocks the calling client on {@code keys} of its database until one of them can serve
     * it or {@code timeoutMillis} pass ({@link BlockingTimeout#FOREVER}: no deadline). The
     * command writes no reply now; {@code command} writes it later.
     */
    public void block(CommandContext ctx, List<byte[]> keys, long timeoutMillis, BlockedCommand command) {
        ClientConnection client = ctx.client();
        Database database = ctx.db();
        List<ByteKey> distinctKeys = new ArrayList<>(keys.size());
        for (byte[] key : keys) {
            ByteKey byteKey = new ByteKey(key);
            if (!distinctKeys.contains(byteKey)) {
                distinctKeys.add(byteKey);
            }
        }
        Blocked blocked = new Blocked(client, database, distinctKeys, command);
        Map<ByteKey, ArrayDeque<Blocked>> waiters = waitersByDatabase.computeIfAbsent(database, db -> new HashMap<>());
        for (ByteKey key : distinctKeys) {
            waiters.computeIfAbsent(key, k -> new ArrayDeque<>(2)).add(blocked);
        }
        database.waiters(this);
        if (timeoutMillis != BlockingTimeout.FOREVER) {
            blocked.timer = eventLoop.loop().schedule(() -> timeOut(blocked), timeoutMillis, TimeUnit.MILLISECONDS);
        }
        blockedByClient.put(client, blocked);
        client.block(() -> forget(blocked));
    }

    /**
     * CLIENT UNBLOCK: ends the wait of {@code client} as if it timed out, or with an
     * UNBLOCKED error; false if it is not blocked on keys.
     */
    public boolean unblock(ClientConnection client, boolean withError) {
        Blocked blocked = blockedByClient.get(client);
        if (blocked == null) {
            return false;
        }
        if (withError) {
            client.reply().error(UNBLOCKED_ERROR);
        } else {
            blocked.command.timedOut(client.context());
        }
        release(blocked);
        return true;
    }

    @Override
    public void keyReady(Database database, byte[] key) {
        Map<ByteKey, ArrayDeque<Blocked>> waiters = waitersByDatabase.get(database);
        if (waiters == null) {
            return;
        }
        ByteKey byteKey = new ByteKey(key);
        if (waiters.containsKey(byteKey)) {
            readyKeys.add(new ReadyKey(database, byteKey));
        }
    }

    @Override
    public void contentsReplaced(Database database) {
        Map<ByteKey, ArrayDeque<Blocked>> waiters = waitersByDatabase.get(database);
        if (waiters == null) {
            return;
        }
        for (ByteKey key : waiters.keySet()) {
            if (database.exists(key.bytes())) {
                readyKeys.add(new ReadyKey(database, key));
            }
        }
    }

    /**
     * Serves the waiters of the keys that got data, in the order the keys became ready and,
     * per key, in the order the clients blocked. Serving can fill further keys (BLMOVE pushes
     * to its destination); those are served in the same pass.
     */
    void serveReadyKeys() {
        if (readyKeys.isEmpty() || serving) {
            return;
        }
        serving = true;
        try {
            while (!readyKeys.isEmpty()) {
                Iterator<ReadyKey> first = readyKeys.iterator();
                ReadyKey ready = first.next();
                first.remove();
                serveWaitersOf(ready.database(), ready.key());
            }
        } finally {
            serving = false;
        }
    }

    private void serveWaitersOf(Database database, ByteKey key) {
        Map<ByteKey, ArrayDeque<Blocked>> waiters = waitersByDatabase.get(database);
        ArrayDeque<Blocked> queue = waiters == null ? null : waiters.get(key);
        if (queue == null) {
            return;
        }
        for (Blocked blocked : queue.toArray(new Blocked[0])) {
            if (blockedByClient.get(blocked.client) != blocked
                    || !blocked.command.wakesOnMissingKey() && !database.exists(key.bytes())) {
                continue;
            }
            CommandContext ctx = blocked.client.context();
            propagation.commandStarted();
            boolean served;
            try {
                served = blocked.command.serve(ctx, key.bytes());
            } catch (ErrorReplyException e) {
                ctx.reply().error(e.getMessage());
                served = true;
            } catch (RuntimeException e) {
                log.error("Serving a blocked client failed", e);
                ctx.reply().error("ERR internal error while serving a blocked client");
                served = true;
            }
            propagation.commandFinished(blocked.client.databaseIndex(), false, ctx.args());
            if (served) {
                release(blocked);
            }
        }
    }

    private void timeOut(Blocked blocked) {
        if (blockedByClient.get(blocked.client) != blocked) {
            return;
        }
        blocked.command.timedOut(blocked.client.context());
        release(blocked);
    }

    /** The client got its reply: it leaves every wait queue and goes on with its next commands. */
    private void release(Blocked blocked) {
        forget(blocked);
        blocked.client.unblock();
    }

    /** Removes every trace of {@code blocked}: its queue places, its timer. */
    private void forget(Blocked blocked) {
        if (blockedByClient.remove(blocked.client) != blocked) {
            return;
        }
        if (blocked.timer != null) {
            blocked.timer.cancel(false);
        }
        Map<ByteKey, ArrayDeque<Blocked>> waiters = waitersByDatabase.get(blocked.database);
        for (ByteKey key : blocked.keys) {
            ArrayDeque<Blocked> queue = waiters.get(key);
            queue.remove(blocked);
            if (queue.isEmpty()) {
                waiters.remove(key);
            }
        }
        if (waiters.isEmpty()) {
            waitersByDatabase.remove(blocked.database);
            blocked.database.waiters(null);
        }
    }
}
