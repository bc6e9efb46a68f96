package dev.cinnabar.net;

import dev.cinnabar.acl.AclUser;
import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandSpec;
import dev.cinnabar.command.Transaction;
import dev.cinnabar.propagation.Propagation;
import dev.cinnabar.protocol.CommandArgs;
import dev.cinnabar.protocol.ReplyWriter;
import dev.cinnabar.pubsub.Subscriptions;
import dev.cinnabar.store.KeyValueStore;
import dev.cinnabar.store.KeyWatch;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.unix.UnixChannel;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;

/** The state of one client connection, as CLIENT LIST shows it. Keyspace thread only. */
public final class ClientConnection {

    private final long id;
    private final Channel channel;
    private final int fd;
    private final CommandArgs args = new CommandArgs();
    private final ReplyWriter reply;
    private final CommandContext context;
    private final long createdMillis;
    private long lastInteractionMillis;
    private int databaseIndex;
    private int protocolVersion = 2;
    private String name = "";
    private String libraryName = "";
    private String libraryVersion = "";
    /** The ACL's default user, which every connection starts as and RESET returns to. */
    private final AclUser defaultUser;
    private AclUser user;
    private boolean authenticated;
    private boolean noEvict;
    private boolean noTouch;
    private CommandSpec lastCommand;
    private boolean closeAfterReply;
    /** The commands queued since MULTI; null outside a transaction. */
    private Transaction transaction;
    /** The keys this client WATCHes; made on its first WATCH. */
    private KeyWatch keyWatch;
    /** Set while the client waits in a blocking command: how to forget it if the connection goes. */
    private Runnable blockedCancel;
    /** The channels and patterns the client listens to; null while it has none (not in subscribed mode). */
    private Subscriptions subscriptions;
    /** Pushed messages wait in the reply writer for this flush, run once at the end of the loop's turn. */
    private final Runnable flushPushed = this::flushPushed;
    private boolean pushFlushScheduled;
    private final TurnEndFlushes turnEndFlushes;
    /** Goes on with the requests that arrived while the client was blocked. */
    private Runnable resumeReading = () -> {
    };
    private final DurableReplies durableReplies;
    /** Replies waiting for the writes before them to reach the disk; null while none are held. */
    private List<ByteBuf> heldOutput;
    private long heldTicket;
    /** What this connection is to replication: a plain client, a replica of ours, or our master. */
    private ReplicationRole replicationRole = ReplicationRole.CLIENT;
    /** The replication offset right after this client's last command, which WAIT waits for. */
    private long replicationWriteOffset;

    ClientConnection(long id, Channel channel, KeyValueStore store, Propagation propagation,
                     ReplyWriter.ErrorObserver errorObserver, DurableReplies durableReplies,
                     TurnEndFlushes turnEndFlushes, AclUser defaultUser) {
        this.id = id;
        this.defaultUser = defaultUser;
        startAsDefaultUser();
        this.channel = channel;
        this.durableReplies = durableReplies;
        this.turnEndFlushes = turnEndFlushes;
        this.fd = channel instanceof UnixChannel unix ? unix.fd().intValue() : -1;
        this.reply = new ReplyWriter(channel.alloc(), errorObserver);
        this.context = new CommandContext(args, reply, this, store, propagation);
        this.createdMillis = System.currentTimeMillis();
        this.lastInteractionMillis = createdMillis;
    }

    /**
     * A client with no connection, for replaying commands from a file: its replies are
     * produced as for any client and are for the caller to discard. It needs no AUTH and no
     * permission.
     */
    public static ClientConnection detached(KeyValueStore store, Propagation propagation) {
        return new ClientConnection(0, new EmbeddedChannel(), store, propagation, error -> {
        }, new DurableReplies(), new TurnEndFlushes(), AclUser.internal());
    }

    public long id() {
        return id;
    }

    public Channel channel() {
        return channel;
    }

    CommandArgs args() {
        return args;
    }

    public ReplyWriter reply() {
        return reply;
    }

    public CommandContext context() {
        return context;
    }

    public int databaseIndex() {
        return databaseIndex;
    }

    public void selectDatabase(int index) {
        this.databaseIndex = index;
    }

    public int protocolVersion() {
        return protocolVersion;
    }

    public void protocolVersion(int version) {
        this.protocolVersion = version;
    }

    public String name() {
        return name;
    }

    public void name(String name) {
        this.name = name;
    }

    public String libraryName() {
        return libraryName;
    }

    public void libraryName(String libraryName) {
        this.libraryName = libraryName;
    }

    public String libraryVersion() {
        return libraryVersion;
    }

    public void libraryVersion(String libraryVersion) {
        this.libraryVersion = libraryVersion;
    }

    /** The name of the ACL user the client acts as. */
    public String user() {
        return user.name();
    }

    /** The ACL user the client acts as: its permissions apply to every command. */
    public AclUser aclUser() {
        return user;
    }

    /**
     * True once the client proved a password (AUTH, HELLO ... AUTH), or from the start when the
     * default user had no password as it connected (Redis's "nopass" default user).
     */
    public boolean authenticated() {
        return authenticated;
    }

    public void authenticatedAs(AclUser user) {
        this.user = user;
        this.authenticated = true;
    }

    /** As Redis sets up a new or RESET connection: the default user, authenticated if it needs no password. */
    private void startAsDefaultUser() {
        user = defaultUser;
        authenticated = defaultUser.nopass() && defaultUser.enabled();
    }

    public boolean noEvict() {
        return noEvict;
    }

    public void noEvict(boolean noEvict) {
        this.noEvict = noEvict;
    }

    public boolean noTouch() {
        return noTouch;
    }

    public void noTouch(boolean noTouch) {
        this.noTouch = noTouch;
    }

    public Transaction transaction() {
        return transaction;
    }

    /** MULTI: commands are queued from now on. */
    public void beginTransaction() {
        transaction = new Transaction();
    }

    /** EXEC or DISCARD: back to running commands at once, watching nothing. */
    public void endTransaction() {
        transaction = null;
        unwatchAll();
    }

    public KeyWatch keyWatch() {
        if (keyWatch == null) {
            keyWatch = new KeyWatch();
        }
        return keyWatch;
    }

    /** True if this client WATCHes keys and one of them changed since, */
    public boolean watchBroken() {
        return keyWatch != null && keyWatch.isBroken();
    }

    public int watchedKeyCount() {
        return keyWatch == null ? 0 : keyWatch.watchedKeyCount();
    }

    public void unwatchAll() {
        if (keyWatch != null) {
            keyWatch.unwatchAll();
        }
    }

    public boolean isBlocked() {
        return blockedCancel != null;
    }

    /**
     * The client waits in a blocking command: its further requests stay unread until
     * {@link #unblock}; {@code cancel} forgets the wait should the connection close first.
     */
    public void block(Runnable cancel) {
        this.blockedCancel = cancel;
    }

    /**
     * The blocking command got its reply (data, timeout, CLIENT UNBLOCK): the reply leaves now,
     * and the requests that queued up meanwhile run next, in their own turn on the loop.
     */
    public void unblock() {
        blockedCancel = null;
        ByteBuf output = reply.takeOutput();
        if (output != null && writeOrHold(output)) {
            channel.flush();
        }
        channel.eventLoop().execute(resumeReading);
    }

    public Subscriptions subscriptions() {
        return subscriptions;
    }

    public void subscriptions(Subscriptions subscriptions) {
        this.subscriptions = subscriptions;
    }

    /**
     * True while the client has a subscription: it then may only (un)subscribe, PING, QUIT
     * and RESET, and PING answers in the pushed-message form.
     */
    public boolean inSubscribedMode() {
        return subscriptions != null;
    }

    /**
     * Queues a message pushed to this client from outside its own requests (a pub/sub
     * delivery, RESP-encoded). The client is not in a read batch, so the messages leave at
     * the end of the current turn of the event loop: a pipeline of publishes costs each
     * subscriber one write and one flush, and the messages keep their publish order.
     */
    public void push(byte[] message) {
        reply.raw(message);
        if (!pushFlushScheduled) {
            pushFlushScheduled = true;
            turnEndFlushes.add(flushPushed, channel.eventLoop());
        }
    }

    private void flushPushed() {
        pushFlushScheduled = false;
        if (closeAfterReply) {
            return;
        }
        ByteBuf output = reply.takeOutput();
        if (output != null && writeOrHold(output)) {
            channel.flush();
        }
    }

    /**
     * Hands replies to the channel (true: the caller flushes), or holds them, behind any held
     * before, while writes executed before them are not yet durable ({@link DurableReplies}).
     */
    boolean writeOrHold(ByteBuf output) {
        if (heldOutput == null && !durableReplies.pending()) {
            channel.write(output, channel.voidPromise());
            return true;
        }
        if (heldOutput == null) {
            heldOutput = new ArrayList<>(2);
            durableReplies.waitFor(this);
        }
        heldOutput.add(output);
        heldTicket = Math.max(heldTicket, durableReplies.ticket());
        return false;
    }

    boolean holdsReplies() {
        return heldOutput != null;
    }

    long heldTicket() {
        return heldTicket;
    }

    /** The writes the held replies follow are durable: they leave, and the connection closes if it was to. */
    void releaseHeld() {
        List<ByteBuf> held = heldOutput;
        if (held == null) {
            return;
        }
        heldOutput = null;
        for (ByteBuf output : held) {
            channel.write(output, channel.voidPromise());
        }
        if (closeAfterReply) {
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        channel.flush();
        if (!channel.isWritable()) {
            channel.config().setAutoRead(false);
        }
    }

    void onResume(Runnable resumeReading) {
        this.resumeReading = resumeReading;
    }

    /** The connection is gone: it leaves every keyspace structure that refers to it. */
    void released() {
        if (heldOutput != null) {
            heldOutput.forEach(ByteBuf::release);
            heldOutput = null;
        }
        transaction = null;
        unwatchAll();
        if (subscriptions != null) {
            subscriptions.cancelAll();
        }
        if (blockedCancel != null) {
            Runnable cancel = blockedCancel;
            blockedCancel = null;
            cancel.run();
        }
    }

    /** Back to the state of a new connection, as RESET leaves it; the library name and version stay. */
    public void resetState() {
        endTransaction();
        databaseIndex = 0;
        protocolVersion = 2;
        name = "";
        startAsDefaultUser();
        noEvict = false;
        noTouch = false;
    }

    public ReplicationRole replicationRole() {
        return replicationRole;
    }

    public void replicationRole(ReplicationRole role) {
        this.replicationRole = role;
    }

    public long replicationWriteOffset() {
        return replicationWriteOffset;
    }

    public void replicationWriteOffset(long offset) {
        this.replicationWriteOffset = offset;
    }

    /** The socket's file descriptor with the native transport, -1 otherwise. */
    public int fd() {
        return fd;
    }

    /** Reply bytes handed to the channel but not yet written to the socket. */
    public long pendingOutputBytes() {
        ChannelOutboundBuffer pending = channel.unsafe().outboundBuffer();
        return pending == null ? 0 : pending.totalPendingWriteBytes();
    }

    /** Reply buffers handed to the channel but not yet written to the socket. */
    public int pendingOutputBuffers() {
        ChannelOutboundBuffer pending = channel.unsafe().outboundBuffer();
        return pending == null ? 0 : pending.size();
    }

    public long createdMillis() {
        return createdMillis;
    }

    public long lastInteractionMillis() {
        return lastInteractionMillis;
    }

    void touch(long now) {
        this.lastInteractionMillis = now;
    }

    public CommandSpec lastCommand() {
        return lastCommand;
    }

    public void lastCommand(CommandSpec command) {
        this.lastCommand = command;
    }

    /** Closes the connection once the replies written so far are sent (QUIT, CLIENT KILL of oneself). */
    public void closeAfterReply() {
        this.closeAfterReply = true;
    }

    public boolean closingAfterReply() {
        return closeAfterReply;
    }

    /** Closes the connection now, dropping unsent replies (CLIENT KILL of another client). */
    public void close() {
        closeAfterReply = true;
        channel.close();
    }

    public String address() {
        return format(channel.remoteAddress());
    }

    public String localAddress() {
        return format(channel.localAddress());
    }

    private static String format(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            String host = inet.getAddress() == null ? inet.getHostString() : inet.getAddress().getHostAddress();
            return host + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }
}
