package dev.cinnabar.replication;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.config.RuntimeConfig;
import dev.cinnabar.net.ClientConnection;
import dev.cinnabar.net.KeyspaceEventLoop;
import dev.cinnabar.net.ReplicationRole;
import dev.cinnabar.persistence.RdbPersistence;
import dev.cinnabar.propagation.Propagation;
import dev.cinnabar.propagation.PropagationListener;
import dev.cinnabar.protocol.ErrorReplyException;
import dev.cinnabar.store.KeyValueStore;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * What a master does for its replicas: the replication stream (every propagated write, with
 * a SELECT where the database changes), the backlog that partial resyncs continue from, full
 * resyncs from a snapshot, acknowledgements and WAIT. On a replica the same stream is what it
 * received from its own master, passed on unchanged to replicas of its own. Keyspace thread only.
 *
 * <p>The stream written during one turn of the event loop leaves in one buffer, shared by
 * every replica, at the end of that turn.
 */
@Component
public class MasterSide implements PropagationListener {

    private static final Logger log = LoggerFactory.getLogger(MasterSide.class);
    private static final AttributeKey<ReplicaLink> LINK = AttributeKey.valueOf("cinnabar.replica");
    private static final byte[][] GETACK = argv("REPLCONF", "GETACK", "*");
    private static final byte[][] PING = argv("PING");
    private static final byte[] NEWLINE = {'\n'};
    private static final long CRON_MILLIS = 1000;

    /** A client parked in WAIT. */
    private static final class Waiter {
        final ClientConnection client;
        final long offset;
        final long replicas;
        ScheduledFuture<?> timer;

        Waiter(ClientConnection client, long offset, long replicas) {
            this.client = client;
            this.offset = offset;
            this.replicas = replicas;
        }
    }

    private final ReplicationState state;
    private final KeyspaceEventLoop eventLoop;
    private final RuntimeConfig config;
    private final KeyValueStore store;
    private final RdbPersistence persistence;
    private final List<ReplicaLink> replicas = new ArrayList<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private final Runnable flush = this::flushStream;
    private ReplicationBacklog backlog;
    /** The database the stream's last command ran in; -1 makes the next command start with SELECT. */
    private int streamDatabase = -1;
    /** Stream bytes of this turn, not yet handed to the replicas. */
    private ByteBuf pendingStream;
    private boolean flushScheduled;
    private boolean acksWanted;
    private FullSync sync;
    /** The start of a diskless sync, put off by repl-diskless-sync-delay so that more replicas can share it. */
    private ScheduledFuture<?> delayedSyncStart;
    private long cronTicks;
    /** INFO stats' sync_full, sync_partial_ok and sync_partial_err. */
    private long fullSyncs;
    private long partialSyncsAccepted;
    private long partialSyncsRejected;
    private long hardLimitBytes;
    private long softLimitBytes;
    private long softLimitMillis;

    public MasterSide(ReplicationState state, KeyspaceEventLoop eventLoop, RuntimeConfig config, KeyValueStore store,
                      RdbPersistence persistence, Propagation propagation) {
        this.state = state;
        this.eventLoop = eventLoop;
        this.config = config;
        this.store = store;
        this.persistence = persistence;
        propagation.addListener(this);
        applyOutputLimit(config.get("client-output-buffer-limit"));
        config.onChange("client-output-buffer-limit", this::applyOutputLimit);
        config.onChange("repl-backlog-size", size -> eventLoop.loop().execute(() -> {
            if (backlog != null) {
                backlog.resize(Long.parseLong(size));
            }
        }));
        eventLoop.loop().scheduleAtFixedRate(this::cron, CRON_MILLIS, CRON_MILLIS, TimeUnit.MILLISECONDS);
    }

    private static byte[][] argv(String... words) {
        byte[][] argv = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            argv[i] = words[i].getBytes(StandardCharsets.US_ASCII);
        }
        return argv;
    }

    /** The {@code slave} (replica) class of {@code client-output-buffer-limit}. */
    private void applyOutputLimit(String limits) {
        List<String> words = List.of(limits.split(" "));
        int at = words.indexOf("slave");
        hardLimitBytes = Long.parseLong(words.get(at + 1));
        softLimitBytes = Long.parseLong(words.get(at + 2));
        softLimitMillis = Long.parseLong(words.get(at + 3)) * 1000;
    }

    // ---- the stream ----

    @Override
    public void propagate(int database, byte[][] argv) {
        if (backlog == null || state.isReplica()) {
            // Nobody to replicate to yet; on a replica the stream is the master's, passed on as received.
            return;
        }
        ByteBuf out = pendingStream();
        int start = out.writerIndex();
        if (database != streamDatabase) {
            encode(out, argv("SELECT", Integer.toString(database)));
            streamDatabase = database;
        }
        encode(out, argv);
        written(out, start);
    }

    /** On a replica: bytes of the master's stream, applied here, go on to this server's replicas. */
    void feedFromMaster(ByteBuf bytes, int from, int length) {
        if (backlog == null) {
            backlog = new ReplicationBacklog(config.longValue("repl-backlog-size"), state.offset());
        }
        ByteBuf out = pendingStream();
        int start = out.writerIndex();
        out.writeBytes(bytes, from, length);
        written(out, start);
    }

    private ByteBuf pendingStream() {
        if (pendingStream == null) {
            pendingStream = ByteBufAllocator.DEFAULT.buffer(256);
        }
        return pendingStream;
    }

    private void written(ByteBuf out, int start) {
        recorded(out, start);
        scheduleFlush();
    }

    /** The bytes from {@code start} joined the stream: the backlog holds them and the offset counts them. */
    private void recorded(ByteBuf out, int start) {
        int length = out.writerIndex() - start;
        backlog.append(out.slice(start, length));
        state.advance(length);
    }

    private void scheduleFlush() {
        if (!flushScheduled) {
            flushScheduled = true;
            eventLoop.loop().execute(flush);
        }
    }

    private static void encode(ByteBuf out, byte[][] argv) {
        out.writeByte('*');
        writeDecimal(out, argv.length);
        for (byte[] arg : argv) {
            out.writeByte('$');
            writeDecimal(out, arg.length);
            out.writeBytes(arg);
            out.writeByte('\r').writeByte('\n');
        }
    }

    private static void writeDecimal(ByteBuf out, long value) {
        ByteBufUtil.writeAscii(out, Long.toString(value));
        out.writeByte('\r').writeByte('\n');
    }

    /** Hands this turn's stream to every replica: online ones get it now, syncing ones after their snapshot. */
    void flushStream() {
        flushScheduled = false;
        if (acksWanted) {
            acksWanted = false;
            if (!replicas.isEmpty()) {
                ByteBuf out = pendingStream();
                int start = out.writerIndex();
                encode(out, GETACK);
                recorded(out, start);
            }
        }
        ByteBuf stream = pendingStream;
        if (stream == null) {
            return;
        }
        pendingStream = null;
        for (ReplicaLink replica : List.copyOf(replicas)) {
            if (replica.state == ReplicaLink.State.ONLINE) {
                replica.client.channel().writeAndFlush(stream.retainedDuplicate(), replica.client.channel().voidPromise());
            } else if (replica.state == ReplicaLink.State.AWAITING_ACK) {
                replica.heldStream.addComponent(true, stream.retainedDuplicate());
            }
            checkOutputLimit(replica);
        }
        if (sync != null) {
            sync.streamed(stream);
        }
        stream.release();
    }

    private void checkOutputLimit(ReplicaLink replica) {
        long unsent = replica.client.pendingOutputBytes();
        if (replica.sync != null) {
            unsent += replica.sync.bufferedStreamBytes();
        }
        if (replica.heldStream != null) {
            unsent += replica.heldStream.readableBytes();
        }
        boolean disconnect = hardLimitBytes > 0 && unsent >= hardLimitBytes;
        if (softLimitBytes > 0 && unsent >= softLimitBytes) {
            long now = System.currentTimeMillis();
            if (replica.softLimitReachedMillis == 0) {
                replica.softLimitReachedMillis = now;
            } else if (now - replica.softLimitReachedMillis > softLimitMillis) {
                disconnect = true;
            }
        } else {
            replica.softLimitReachedMillis = 0;
        }
        if (disconnect) {
            log.warn("Client id={} addr={} (replica) closed for overcoming of output buffer limits.",
                    replica.client.id(), replica.client.address());
            replica.client.close();
        }
    }

    // ---- handshake ----

    private ReplicaLink linkOf(ClientConnection client) {
        Channel channel = client.channel();
        ReplicaLink link = channel.attr(LINK).get();
        if (link == null) {
            link = new ReplicaLink(client);
            channel.attr(LINK).set(link);
        }
        return link;
    }

    /** REPLCONF listening-port. */
    public void listeningPort(ClientConnection client, int port) {
        linkOf(client).listeningPort = port;
    }

    /** REPLCONF ip-address. */
    public void announcedIp(ClientConnection client, String ip) {
        linkOf(client).announcedIp = ip;
    }

    /** REPLCONF capa. */
    public void capability(ClientConnection client, String capability) {
        ReplicaLink link = linkOf(client);
        if (capability.equalsIgnoreCase("eof")) {
            link.capableOfEof = true;
        } else if (capability.equalsIgnoreCase("psync2")) {
            link.capableOfPsync2 = true;
        }
    }

    /** REPLCONF ACK from a replica of ours; from anybody else it means nothing. */
    public void acknowledged(ClientConnection client, long offset) {
        if (client.replicationRole() != ReplicationRole.REPLICA) {
            return;
        }
        ReplicaLink link = client.channel().attr(LINK).get();
        if (link == null) {
            return;
        }
        if (link.state == ReplicaLink.State.AWAITING_ACK) {
            startStream(link);
        }
        if (offset > link.ackOffset) {
            link.ackOffset = offset;
        }
        link.lastAckMillis = System.currentTimeMillis();
        serveWaiters();
    }

    /**
     * PSYNC (and SYNC, with a null id): continues the replica's stream from the backlog if it
     * holds its history from the offset it asks for, or starts a full resync.
     */
    public void psync(CommandContext ctx, String replicationId, long offset) {
        ClientConnection client = ctx.client();
        if (client.replicationRole() == ReplicationRole.REPLICA) {
            return;
        }
        ReplicaLink link = linkOf(client);
        Channel channel = client.channel();
        // Replies to the handshake commands before PSYNC leave first, then everything goes straight to the channel.
        ByteBuf earlier = client.reply().takeOutput();
        if (earlier != null) {
            channel.write(earlier, channel.voidPromise());
        }
        flushStream();
        client.replicationRole(ReplicationRole.REPLICA);
        channel.closeFuture().addListener(closed -> eventLoop.loop().execute(() -> replicaGone(link)));
        replicas.add(link);
        if (replicationId != null && canContinue(replicationId, offset)) {
            partialSyncsAccepted++;
            String reply = link.capableOfPsync2 ? "+CONTINUE " + state.replicationId() + "\r\n" : "+CONTINUE\r\n";
            channel.write(Unpooled.copiedBuffer(reply, StandardCharsets.US_ASCII), channel.voidPromise());
            channel.writeAndFlush(backlog.copyFrom(offset), channel.voidPromise());
            link.state = ReplicaLink.State.ONLINE;
            log.info("Partial resynchronization request from {} accepted. Sending {} bytes of backlog starting from "
                    + "offset {}.", client.address(), state.offset() + 1 - offset, offset);
            return;
        }
        if (replicationId != null && !replicationId.startsWith("?")) {
            partialSyncsRejected++;
        }
        fullSyncs++;
        if (backlog == null) {
            backlog = new ReplicationBacklog(config.longValue("repl-backlog-size"), state.offset());
        }
        link.state = ReplicaLink.State.WAITING_FOR_SNAPSHOT;
        channel.flush();
        requestFullSync(link);
    }

    private boolean canContinue(String replicationId, long offset) {
        if (backlog == null) {
            return false;
        }
        boolean sameHistory = replicationId.equalsIgnoreCase(state.replicationId())
                || replicationId.equalsIgnoreCase(state.secondaryReplicationId()) && offset <= state.secondaryOffset();
        return sameHistory && backlog.covers(offset);
    }

    /**
     * A replica needs a snapshot: it joins the one being taken if it can, else one starts now,
     * or after repl-diskless-sync-delay for a diskless one, as Redis delays its socket BGSAVE
     * so that replicas arriving meanwhile share it.
     */
    private void requestFullSync(ReplicaLink link) {
        if (sync != null && !sync.finished()) {
            if (!sync.diskless() || disklessFor(link)) {
                attach(link, sync);
            }
            // Otherwise it waits: the next snapshot starts once this one is sent.
            return;
        }
        long delaySeconds = config.longValue("repl-diskless-sync-delay");
        if (disklessFor(link) && delaySeconds > 0) {
            if (delayedSyncStart == null) {
                log.info("Delay next BGSAVE for diskless SYNC");
                delayedSyncStart = eventLoop.loop().schedule(this::startFullSync, delaySeconds, TimeUnit.SECONDS);
            }
            return;
        }
        startFullSync();
    }

    private boolean disklessFor(ReplicaLink link) {
        return link.capableOfEof && config.isEnabled("repl-diskless-sync");
    }

    /**
     * Takes one snapshot for every replica waiting for one: diskless if all of them can take
     * it so, framed by its length otherwise (as Redis picks its BGSAVE's target from the
     * capabilities all waiting replicas share).
     */
    private void startFullSync() {
        if (delayedSyncStart != null) {
            delayedSyncStart.cancel(false);
            delayedSyncStart = null;
        }
        if (sync != null && !sync.finished()) {
            return;
        }
        List<ReplicaLink> waiting = replicas.stream()
                .filter(link -> link.state == ReplicaLink.State.WAITING_FOR_SNAPSHOT && link.client.channel().isActive())
                .toList();
        if (waiting.isEmpty()) {
            return;
        }
        boolean small = store.totalKeys() <= FullSync.IMMEDIATE_KEYS;
        if (!small && store.snapshotRunning()) {
            // A background save walks the keyspace; the replicas' own walk starts after it.
            eventLoop.loop().schedule(this::startFullSync, 100, TimeUnit.MILLISECONDS);
            return;
        }
        // The stream written so far predates the snapshot: it must not follow it.
        flushStream();
        boolean diskless = waiting.stream().allMatch(this::disklessFor);
        byte[] endMark = diskless ? ReplicationState.randomReplicationId().getBytes(StandardCharsets.US_ASCII) : null;
        FullSync started = new FullSync(state.offset(), endMark);
        streamDatabase = -1;
        for (ReplicaLink link : waiting) {
            attach(link, started);
        }
        log.info("Starting a full resynchronization for {} replica(s) ({} keys, {}, {})", waiting.size(),
                store.totalKeys(), small ? "at once" : "in slices", diskless ? "diskless" : "framed by its length");
        if (small) {
            started.takeAtOnce(store, persistence.auxFields(false), config.isEnabled("rdbcompression"));
            sendSnapshot(started);
        } else {
            sync = started;
            started.takeInSlices(store, persistence.auxFields(false), config.isEnabled("rdbcompression"),
                    eventLoop.loop(), this::sendSnapshot);
        }
    }

    private void attach(ReplicaLink link, FullSync fullSync) {
        link.state = ReplicaLink.State.SNAPSHOT;
        link.sync = fullSync;
        fullSync.replicas().add(link);
        String reply = "+FULLRESYNC " + state.replicationId() + " " + fullSync.startOffset() + "\r\n";
        link.client.channel().writeAndFlush(Unpooled.copiedBuffer(reply, StandardCharsets.US_ASCII),
                link.client.channel().voidPromise());
    }

    private void sendSnapshot(FullSync done) {
        flushStream();
        if (sync == done) {
            sync = null;
        }
        ByteBuf payload = done.payload();
        for (ReplicaLink link : done.replicas()) {
            if (link.state != ReplicaLink.State.SNAPSHOT || link.sync != done) {
                continue;
            }
            link.client.channel().writeAndFlush(payload.retainedDuplicate(), link.client.channel().voidPromise());
            link.sync = null;
            link.lastAckMillis = System.currentTimeMillis();
            if (done.diskless()) {
                link.state = ReplicaLink.State.AWAITING_ACK;
                link.heldStream = ByteBufAllocator.DEFAULT.compositeBuffer(Integer.MAX_VALUE);
                link.heldStream.addComponent(true, done.streamSince());
                log.info("Streamed RDB transfer with replica {} succeeded (socket). Waiting for REPLCONF ACK from "
                        + "replica to enable streaming", link.client.address());
            } else {
                link.state = ReplicaLink.State.ONLINE;
                log.info("Synchronization with replica {} succeeded", link.client.address());
            }
        }
        payload.release();
        done.release();
        startFullSync();
    }

    /** A replica acknowledged its diskless snapshot: the stream held for it follows now. */
    private void startStream(ReplicaLink link) {
        CompositeByteBuf held = link.heldStream;
        link.heldStream = null;
        link.state = ReplicaLink.State.ONLINE;
        link.client.channel().writeAndFlush(held, link.client.channel().voidPromise());
        log.info("Synchronization with replica {} succeeded", link.client.address());
    }

    private void replicaGone(ReplicaLink link) {
        if (!replicas.remove(link)) {
            return;
        }
        log.info("Connection with replica {} lost.", link.client.address());
        if (link.heldStream != null) {
            link.heldStream.release();
            link.heldStream = null;
        }
        FullSync fullSync = link.sync;
        link.sync = null;
        if (fullSync != null && fullSync == sync
                && fullSync.replicas().stream().noneMatch(other -> other.sync == fullSync)) {
            fullSync.abandon();
            sync = null;
            // Replicas that could not join the abandoned snapshot wait for one.
            startFullSync();
        }
        serveWaiters();
    }

    /** Closes every replica connection (this server's history changed under them). */
    void disconnectReplicas() {
        flushStream();
        for (ReplicaLink link : List.copyOf(replicas)) {
            link.client.close();
        }
    }

    /** A replica's full sync replaced this server's data and history: the backlog starts anew. */
    void historyReplaced() {
        disconnectReplicas();
        releasePending();
        backlog = new ReplicationBacklog(config.longValue("repl-backlog-size"), state.offset());
        streamDatabase = -1;
    }

    /** Promoted to master: the next write starts with a SELECT, as nothing says which database replicas are in. */
    void promoted() {
        flushStream();
        streamDatabase = -1;
    }

    private void releasePending() {
        if (pendingStream != null) {
            pendingStream.release();
            pendingStream = null;
        }
    }

    // ---- WAIT ----

    /**
     * WAIT: answers at once if {@code numReplicas} replicas acknowledged the client's last
     * write, else parks the client (without holding up anyone else) until they do or the
     * timeout passes, and asks the replicas for acknowledgements.
     */
    public void await(CommandContext ctx, long numReplicas, long timeoutMillis) {
        ClientConnection client = ctx.client();
        long offset = client.replicationWriteOffset();
        int acknowledged = acknowledgedReplicas(offset);
        if (acknowledged >= numReplicas || !ctx.mayBlock()) {
            ctx.reply().integer(acknowledged);
            return;
        }
        Waiter waiter = new Waiter(client, offset, numReplicas);
        waiters.add(waiter);
        if (timeoutMillis > 0) {
            waiter.timer = eventLoop.loop().schedule(() -> release(waiter), timeoutMillis, TimeUnit.MILLISECONDS);
        }
        client.block(() -> forget(waiter));
        requestAcks();
    }

    private void requestAcks() {
        acksWanted = true;
        scheduleFlush();
    }

    private int acknowledgedReplicas(long offset) {
        int count = 0;
        for (ReplicaLink replica : replicas) {
            if (replica.state == ReplicaLink.State.ONLINE && replica.ackOffset >= offset) {
                count++;
            }
        }
        return count;
    }

    private void serveWaiters() {
        for (Waiter waiter : List.copyOf(waiters)) {
            if (acknowledgedReplicas(waiter.offset) >= waiter.replicas) {
                release(waiter);
            }
        }
    }

    private void release(Waiter waiter) {
        if (!forget(waiter)) {
            return;
        }
        waiter.client.reply().integer(acknowledgedReplicas(waiter.offset));
        waiter.client.unblock();
    }

    private boolean forget(Waiter waiter) {
        if (!waiters.remove(waiter)) {
            return false;
        }
        if (waiter.timer != null) {
            waiter.timer.cancel(false);
        }
        return true;
    }

    /** WAIT has nothing to wait for on a replica: its writes are not replicated. */
    public void rejectWaitOnReplica() {
        if (state.isReplica()) {
            throw new ErrorReplyException("ERR WAIT cannot be used with replica instances. Please also note that "
                    + "since Redis 4.0 if a replica is configured to be writable (which is not the default) writes "
                    + "to replicas are just local and are not propagated.");
        }
    }

    // ---- housekeeping ----

    /**
     * Once a second: drops replicas silent for longer than repl-timeout, sends a newline to
     * those still waiting for their snapshot (as Redis does, so that their link does not time
     * out), and pings replicas now and then.
     */
    private void cron() {
        cronTicks++;
        long now = System.currentTimeMillis();
        long timeoutMillis = config.longValue("repl-timeout") * 1000;
        for (ReplicaLink replica : List.copyOf(replicas)) {
            boolean streamed = replica.state == ReplicaLink.State.ONLINE
                    || replica.state == ReplicaLink.State.AWAITING_ACK;
            if (streamed && now - replica.lastAckMillis > timeoutMillis) {
                log.warn("Disconnecting timedout replica: {}", replica.client.address());
                replica.client.close();
            } else if (!streamed) {
                Channel channel = replica.client.channel();
                channel.writeAndFlush(Unpooled.wrappedBuffer(NEWLINE), channel.voidPromise());
            }
        }
        if (!state.isReplica() && !replicas.isEmpty() && cronTicks % config.longValue("repl-ping-replica-period") == 0) {
            ByteBuf out = pendingStream();
            int start = out.writerIndex();
            encode(out, PING);
            written(out, start);
        }
    }

    // ---- what INFO and ROLE show ----

    /** The replicas past their PSYNC, in attach order. */
    public List<ReplicaView> replicas() {
        List<ReplicaView> views = new ArrayList<>(replicas.size());
        long now = System.currentTimeMillis();
        for (ReplicaLink link : replicas) {
            views.add(new ReplicaView(link.ip(), link.listeningPort, link.state.infoName, link.ackOffset,
                    (now - link.lastAckMillis) / 1000));
        }
        return Collections.unmodifiableList(views);
    }

    /** One replica as INFO's slaveN line and ROLE show it. */
    public record ReplicaView(String ip, int port, String state, long offset, long lagSeconds) {
    }

    public long fullSyncs() {
        return fullSyncs;
    }

    public long partialSyncsAccepted() {
        return partialSyncsAccepted;
    }

    public long partialSyncsRejected() {
        return partialSyncsRejected;
    }

    public boolean backlogActive() {
        return backlog != null;
    }

    public long backlogSize() {
        return backlog == null ? config.longValue("repl-backlog-size") : backlog.size();
    }

    public long backlogFirstByteOffset() {
        return backlog == null ? 0 : backlog.firstByteOffset();
    }

    public long backlogHistoryLength() {
        return backlog == null ? 0 : backlog.historyLength();
    }
}
