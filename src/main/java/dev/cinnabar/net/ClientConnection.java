package dev.cinnabar.net;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandSpec;
import dev.cinnabar.protocol.CommandArgs;
import dev.cinnabar.protocol.ReplyWriter;
import dev.cinnabar.store.KeyValueStore;
import io.netty.channel.Channel;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** The state of one client connection, as CLIENT LIST shows it. Keyspace thread only. */
public final class ClientConnection {

    private final long id;
    private final Channel channel;
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
    private CommandSpec lastCommand;
    private boolean closeAfterReply;

    ClientConnection(long id, Channel channel, KeyValueStore store, ReplyWriter.ErrorObserver errorObserver) {
        this.id = id;
        this.channel = channel;
        this.reply = new ReplyWriter(channel.alloc(), errorObserver);
        this.context = new CommandContext(args, reply, this, store);
        this.createdMillis = System.currentTimeMillis();
        this.lastInteractionMillis = createdMillis;
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

    CommandContext context() {
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

    boolean closingAfterReply() {
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
