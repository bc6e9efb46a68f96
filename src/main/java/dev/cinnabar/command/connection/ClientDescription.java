package dev.cinnabar.command.connection;

import dev.cinnabar.command.CommandSpec;
import dev.cinnabar.net.ClientConnection;
import dev.cinnabar.pubsub.Subscriptions;

/** One client as a line of CLIENT LIST and CLIENT INFO, in Redis 7.2's field order. */
public final class ClientDescription {

    /** What Redis reports for an idle client's structures, so that tot-mem stays comparable. */
    private static final long IDLE_CLIENT_MEMORY = 1800;
    private static final int REPLY_BUFFER_SIZE = 1024;

    private ClientDescription() {
    }

    /** The client's type for the TYPE filters: a replica of ours, our master's link, a subscriber, or a normal one. */
    static String type(ClientConnection client) {
        return switch (client.replicationRole()) {
            case REPLICA -> "replica";
            case MASTER -> "master";
            case CLIENT -> client.inSubscribedMode() ? "pubsub" : "normal";
        };
    }

    /**
     * Appends the client's line without its trailing newline; {@code argvBytes} is the size of
     * the arguments it is executing now (only the caller has any).
     */
    public static void append(StringBuilder out, ClientConnection client, long nowMillis, long argvBytes) {
        long unsentBytes = client.reply().bufferedBytes();
        long pendingBytes = client.pendingOutputBytes();
        CommandSpec last = client.lastCommand();
        Subscriptions subscriptions = client.subscriptions();
        out.append("id=").append(client.id())
                .append(" addr=").append(client.address())
                .append(" laddr=").append(client.localAddress())
                .append(" fd=").append(client.fd())
                .append(" name=").append(client.name())
                .append(" age=").append(seconds(nowMillis - client.createdMillis()))
                .append(" idle=").append(seconds(nowMillis - client.lastInteractionMillis()))
                .append(" flags=").append(flags(client))
                .append(" db=").append(client.databaseIndex())
                .append(" sub=").append(subscriptions == null ? 0 : subscriptions.channelCount())
                .append(" psub=").append(subscriptions == null ? 0 : subscriptions.patternCount())
                .append(" ssub=").append(subscriptions == null ? 0 : subscriptions.shardChannelCount())
                .append(" multi=").append(client.transaction() == null ? -1 : client.transaction().size())
                .append(" watch=").append(client.watchedKeyCount())
                .append(" qbuf=0 qbuf-free=0")
                .append(" argv-mem=").append(argvBytes)
                .append(" multi-mem=0 rbs=").append(REPLY_BUFFER_SIZE).append(" rbp=0")
                .append(" obl=").append(unsentBytes)
                .append(" oll=").append(client.pendingOutputBuffers())
                .append(" omem=").append(pendingBytes)
                .append(" tot-mem=").append(IDLE_CLIENT_MEMORY + argvBytes + unsentBytes + pendingBytes)
                .append(" events=").append(events(client, pendingBytes))
                .append(" cmd=").append(last == null ? "NULL" : last.fullName())
                .append(" user=").append(client.user())
                .append(" redir=-1")
                .append(" resp=").append(client.protocolVersion())
                .append(" lib-name=").append(client.libraryName())
                .append(" lib-ver=").append(client.libraryVersion());
    }

    private static long seconds(long millis) {
        return Math.max(0, millis / 1000);
    }

    private static String flags(ClientConnection client) {
        StringBuilder flags = new StringBuilder(4);
        switch (client.replicationRole()) {
            case REPLICA -> flags.append('S');
            case MASTER -> flags.append('M');
            case CLIENT -> { }
        }
        if (client.inSubscribedMode()) {
            flags.append('P');
        }
        if (client.transaction() != null) {
            flags.append('x');
        }
        if (client.isBlocked()) {
            flags.append('b');
        }
        if (client.watchBroken()) {
            flags.append('d');
        }
        if (client.closingAfterReply()) {
            flags.append('c');
        }
        if (client.noEvict()) {
            flags.append('e');
        }
        if (client.noTouch()) {
            flags.append('T');
        }
        return flags.isEmpty() ? "N" : flags.toString();
    }

    private static String events(ClientConnection client, long pendingBytes) {
        String readable = client.channel().config().isAutoRead() ? "r" : "";
        return pendingBytes > 0 ? readable + "w" : readable;
    }
}
