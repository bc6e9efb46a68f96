package dev.cinnabar.net;

import dev.cinnabar.acl.Acl;
import dev.cinnabar.acl.ProtectedMode;
import dev.cinnabar.command.CommandDispatcher;
import dev.cinnabar.config.RuntimeConfig;
import dev.cinnabar.propagation.Propagation;
import dev.cinnabar.protocol.CommandArgs;
import dev.cinnabar.protocol.ReplyWriter;
import dev.cinnabar.protocol.RespDecoder;
import dev.cinnabar.protocol.RespProtocolException;
import dev.cinnabar.store.KeyValueStore;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One client connection's path through the server: request bytes are decoded and each
 * complete command is dispatched at once, on this same thread; the replies of a whole
 * batch of reads leave in one write and one flush.
 */
final class RespChannelHandler extends ByteToMessageDecoder {

    private static final Logger log = LoggerFactory.getLogger(RespChannelHandler.class);
    /** Replies beyond this size are handed to the channel mid-batch instead of piling up. */
    private static final int EAGER_WRITE_BYTES = 64 * 1024;
    private static final byte[] MAX_CLIENTS_REACHED = "-ERR max number of clients reached\r\n".getBytes();
    private static final byte[] PROTECTED_MODE_DENIED = ProtectedMode.DENIED.getBytes(StandardCharsets.US_ASCII);

    private final ClientRegistry clients;
    private final CommandDispatcher dispatcher;
    private final KeyValueStore store;
    private final RuntimeConfig config;
    private final ReplyWriter.ErrorObserver errorObserver;
    private final Propagation propagation;
    private final RespDecoder decoder;
    private final Acl acl;
    private ClientConnection client;
    private ChannelHandlerContext context;
    private final Runnable flushAtTurnEnd = this::flushAtTurnEnd;
    private boolean flushPending;
    /** Replies were handed to the channel mid-batch and still await the batch's flush. */
    private boolean writtenUnflushed;

    RespChannelHandler(ClientRegistry clients, CommandDispatcher dispatcher, KeyValueStore store,
                       RuntimeConfig config, ReplyWriter.ErrorObserver errorObserver,
                       Propagation propagation, Acl acl) {
        this.clients = clients;
        this.dispatcher = dispatcher;
        this.store = store;
        this.config = config;
        this.errorObserver = errorObserver;
        this.propagation = propagation;
        this.acl = acl;
        this.decoder = new RespDecoder(config::respLimits);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (clients.connectedCount() >= config.maxclients()) {
            clients.rejected();
            ctx.writeAndFlush(ctx.alloc().buffer().writeBytes(MAX_CLIENTS_REACHED))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (acl.protectedModeRefuses(ctx.channel().remoteAddress())) {
            clients.rejected();
            ctx.writeAndFlush(ctx.alloc().buffer().writeBytes(PROTECTED_MODE_DENIED))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        context = ctx;
        client = new ClientConnection(clients.nextId(), ctx.channel(), store, propagation, errorObserver,
                clients.durableReplies(), clients.turnEndFlushes(), acl.defaultUser());
        client.onResume(() -> resume(ctx));
        clients.add(client);
        super.channelActive(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (client == null || client.closingAfterReply()) {
            in.skipBytes(in.readableBytes());
            return;
        }
        client.touch(System.currentTimeMillis());
        CommandArgs args = client.args();
        try {
            // A blocked client's next requests wait in the buffer until its blocking command is answered.
            while (!client.isBlocked() && decoder.decode(in, args)) {
                dispatcher.dispatch(client.context());
                args.clear();
                if (client.closingAfterReply()) {
                    in.skipBytes(in.readableBytes());
                    return;
                }
                ReplyWriter reply = client.reply();
                if (reply.hasOutput() && reply.bufferedBytes() >= EAGER_WRITE_BYTES
                        && client.writeOrHold(reply.takeOutput())) {
                    writtenUnflushed = true;
                }
            }
            if (in.readableBytes() > config.respLimits().queryBufferLimit()) {
                log.warn("Closing client id={} addr={}: query buffer limit reached", client.id(), client.address());
                in.skipBytes(in.readableBytes());
                client.close();
            }
        } catch (RespProtocolException e) {
            client.reply().error("ERR " + e.getMessage());
            in.skipBytes(in.readableBytes());
            client.closeAfterReply();
        }
    }

    /** Runs the requests that arrived while the client was blocked, then sends their replies. */
    private void resume(ChannelHandlerContext ctx) {
        if (client.isBlocked() || !ctx.channel().isActive()) {
            return;
        }
        ByteBuf buffered = internalBuffer();
        if (buffered.isReadable()) {
            decode(ctx, buffered, List.of());
            flushReplies(ctx);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (client != null && !flushPending) {
            flushPending = true;
            clients.turnEndFlushes().add(flushAtTurnEnd, ctx.channel().eventLoop());
        }
        // Not super.channelReadComplete(): as this decoder never passes messages on, it would
        // call read() whenever auto-read is off, and a client that does not read its replies
        // would go on being read, its replies piling up in memory without limit.
        discardSomeReadBytes();
        ctx.fireChannelReadComplete();
    }

    private void flushAtTurnEnd() {
        flushPending = false;
        if (context.channel().isActive()) {
            flushReplies(context);
        }
    }

    private void flushReplies(ChannelHandlerContext ctx) {
        if (client == null) {
            return;
        }
        ByteBuf output = client.reply().takeOutput();
        boolean written = writtenUnflushed;
        writtenUnflushed = false;
        if (output != null && client.replicationRole() == ReplicationRole.REPLICA) {
            // A replica's connection carries the replication stream only: replies to it are dropped, as Redis does.
            output.release();
            output = null;
        }
        if (output != null) {
            written |= client.writeOrHold(output);
        }
        if (client.holdsReplies()) {
            // The rest leaves, and the connection closes if it must, once the AOF fsync covers it.
            if (written) {
                ctx.flush();
            }
            return;
        }
        if (!written) {
            if (client.closingAfterReply()) {
                ctx.close();
            }
            return;
        }
        if (client.closingAfterReply()) {
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.flush();
        if (!ctx.channel().isWritable()) {
            // The client is not reading its replies: stop reading its requests until it does.
            ctx.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().isWritable()) {
            ctx.channel().config().setAutoRead(true);
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (client != null) {
            // The decoder's last pass over unread bytes must not run commands for a client
            // that is gone: their replies would go nowhere and their buffers would leak.
            client.closeAfterReply();
        }
        super.channelInactive(ctx);
        if (client != null) {
            clients.remove(client);
            client.released();
            client.reply().release();
            client.args().clear();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof IOException)) {
            log.warn("Closing client connection after an unexpected error", cause);
        }
        ctx.close();
    }
}
