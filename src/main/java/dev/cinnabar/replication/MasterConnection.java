package dev.cinnabar.replication;

import dev.cinnabar.protocol.CommandArgs;
import dev.cinnabar.protocol.RespDecoder;
import dev.cinnabar.protocol.RespLimits;
import dev.cinnabar.protocol.RespProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ByteProcessor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The replica's end of the link to its master, on the keyspace event loop: the handshake
 * (each step waits for the master's answer, as Redis and the CodeCrafters tester require),
 * the snapshot of a full resync in either framing ({@code $<len>} or {@code $EOF:<mark>}),
 * then the stream, command by command, each with its exact size in bytes so that the
 * replica's offset is the master's.
 */
final class MasterConnection extends ByteToMessageDecoder {

    /** What the master is expected to send next. */
    enum Phase { PONG, AUTH, PORT, CAPA, PSYNC, SNAPSHOT_HEADER, SNAPSHOT, STREAM }

    private static final int EOF_MARK_LENGTH = 40;

    private final ReplicaSide replicaSide;
    private final RespDecoder decoder = new RespDecoder(() -> RespLimits.REDIS_DEFAULTS);
    private final CommandArgs args = new CommandArgs();
    private Phase phase = Phase.PONG;
    private ByteBuf snapshot;
    private long snapshotLength;
    private byte[] eofMark;
    /** The bytes of the command being decoded, passed on once it is complete. */
    private ByteBuf command;

    MasterConnection(ReplicaSide replicaSide) {
        this.replicaSide = replicaSide;
    }

    /** True if the snapshot came framed by an end mark (a diskless transfer). */
    boolean snapshotHadEndMark() {
        return eofMark != null;
    }

    Phase phase() {
        return phase;
    }

    void phase(Phase phase) {
        this.phase = phase;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        super.channelActive(ctx);
        send(ctx, "PING");
        ctx.flush();
    }

    static void send(ChannelHandlerContext ctx, String... words) {
        StringBuilder request = new StringBuilder("*").append(words.length).append("\r\n");
        for (String word : words) {
            request.append('$').append(word.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(word)
                    .append("\r\n");
        }
        ByteBuf out = ctx.alloc().buffer(request.length() + 16);
        out.writeCharSequence(request, StandardCharsets.UTF_8);
        ctx.write(out, ctx.voidPromise());
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        while (in.isReadable() && ctx.channel().isActive()) {
            switch (phase) {
                case PONG, AUTH, PORT, CAPA, PSYNC -> {
                    String line = readLine(in);
                    if (line == null) {
                        return;
                    }
                    replicaSide.handshakeReply(this, ctx, line);
                }
                case SNAPSHOT_HEADER -> {
                    if (in.getByte(in.readerIndex()) == '\n') {
                        in.skipBytes(1); // the master's keep-alive while it prepares the snapshot
                        continue;
                    }
                    String line = readLine(in);
                    if (line == null) {
                        return;
                    }
                    startSnapshot(line);
                }
                case SNAPSHOT -> {
                    if (readSnapshot(in)) {
                        ByteBuf whole = snapshot;
                        snapshot = null;
                        try {
                            replicaSide.snapshotReceived(this, ctx, whole);
                        } finally {
                            whole.release();
                        }
                    }
                }
                case STREAM -> {
                    if (!readCommand(ctx, in)) {
                        return;
                    }
                }
            }
        }
    }

    private static String readLine(ByteBuf in) {
        int lf = in.forEachByte(ByteProcessor.FIND_LF);
        if (lf < 0) {
            return null;
        }
        String line = in.toString(in.readerIndex(), lf - in.readerIndex(), StandardCharsets.UTF_8);
        in.readerIndex(lf + 1);
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    private void startSnapshot(String header) throws IOException {
        if (!header.startsWith("$")) {
            throw new IOException("unexpected reply to PSYNC's snapshot: " + header);
        }
        if (header.startsWith("$EOF:")) {
            eofMark = header.substring(5).getBytes(StandardCharsets.US_ASCII);
            if (eofMark.length != EOF_MARK_LENGTH) {
                throw new IOException("bad EOF mark in " + header);
            }
            snapshotLength = -1;
        } else {
            snapshotLength = Long.parseLong(header.substring(1));
            eofMark = null;
        }
        snapshot = ByteBufAllocator.DEFAULT.buffer(
                (int) Math.min(Math.max(snapshotLength, 1024), 1 << 24));
        phase = Phase.SNAPSHOT;
    }

    /** Collects snapshot bytes; true once the whole snapshot is in {@link #snapshot}. */
    private boolean readSnapshot(ByteBuf in) {
        if (eofMark == null) {
            int wanted = (int) Math.min(in.readableBytes(), snapshotLength - snapshot.readableBytes());
            snapshot.writeBytes(in, wanted);
            return snapshot.readableBytes() == snapshotLength;
        }
        snapshot.writeBytes(in);
        int length = snapshot.readableBytes();
        if (length < EOF_MARK_LENGTH
                || !ByteBufUtil.equals(snapshot, length - EOF_MARK_LENGTH, Unpooled.wrappedBuffer(eofMark),
                0, EOF_MARK_LENGTH)) {
            return false;
        }
        snapshot.writerIndex(length - EOF_MARK_LENGTH);
        return true;
    }

    /** Decodes one command of the stream and has it applied; false if more bytes are needed. */
    private boolean readCommand(ChannelHandlerContext ctx, ByteBuf in) throws RespProtocolException {
        if (command == null) {
            command = ctx.alloc().buffer(256);
        }
        int before = in.readerIndex();
        boolean complete = decoder.decode(in, args);
        command.writeBytes(in, before, in.readerIndex() - before);
        if (!complete) {
            return false;
        }
        try {
            replicaSide.apply(args, command);
        } finally {
            command.clear();
            args.clear();
        }
        return true;
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        if (snapshot != null) {
            snapshot.release();
            snapshot = null;
        }
        if (command != null) {
            command.release();
            command = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        super.channelInactive(ctx);
        replicaSide.linkLost(this);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        replicaSide.linkFailed(this, cause);
        ctx.close();
    }
}
