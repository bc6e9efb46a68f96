package dev.cinnabar.net;

import dev.cinnabar.acl.Acl;
import dev.cinnabar.acl.AclUser;
import dev.cinnabar.command.CommandDispatcher;
import dev.cinnabar.command.ErrorStats;
import dev.cinnabar.config.RuntimeConfig;
import dev.cinnabar.propagation.Propagation;
import dev.cinnabar.store.KeyValueStore;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The RESP listener: binds the configured addresses and port when the application starts
 * and releases them when it stops. Every connection is served by the keyspace event loop.
 */
@Component
public class RespServer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RespServer.class);
    private static final String ADDRESS_IN_USE = "Address already in use";

    private final KeyspaceEventLoop eventLoop;
    private final ClientRegistry clients;
    private final CommandDispatcher dispatcher;
    private final KeyValueStore store;
    private final RuntimeConfig config;
    private final ErrorStats errorStats;
    private final Propagation propagation;
    private final Acl acl;
    private final List<Channel> listeners = new ArrayList<>();
    private volatile int boundPort = -1;
    private volatile boolean running;

    public RespServer(KeyspaceEventLoop eventLoop, ClientRegistry clients, CommandDispatcher dispatcher,
                      KeyValueStore store, RuntimeConfig config, ErrorStats errorStats,
                      Propagation propagation, Acl acl) {
        this.eventLoop = eventLoop;
        this.clients = clients;
        this.dispatcher = dispatcher;
        this.store = store;
        this.config = config;
        this.errorStats = errorStats;
        this.propagation = propagation;
        this.acl = acl;
    }

    @Override
    public void start() {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(eventLoop.group())
                .channel(eventLoop.serverChannelType())
                .option(ChannelOption.SO_BACKLOG, 511)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, config.startup().tcpKeepalive() > 0)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 4 << 20))
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(new RespChannelHandler(clients, dispatcher, store, config, errorStats,
                                propagation, acl));
                    }
                });
        int port = config.startup().port();
        for (String bind : config.startup().bind()) {
            boolean optional = bind.startsWith("-");
            String host = optional ? bind.substring(1) : bind;
            InetSocketAddress address = socketAddress(host, boundPort >= 0 ? boundPort : port);
            try {
                Channel listener = bootstrap.bind(address).syncUninterruptibly().channel();
                listeners.add(listener);
                boundPort = ((InetSocketAddress) listener.localAddress()).getPort();
            } catch (Exception e) {
                if (optional && !systemError(e).equals(ADDRESS_IN_USE)) {
                    log.debug("Skipping optional bind address {}: {}", bind, e.getMessage());
                    continue;
                }
                closeListeners();
                throw listenFailed(e, "Warning: Could not create server TCP listening socket " + host + ":" + port
                        + ": bind: " + systemError(e), "Failed listening on port " + port + " (TCP), aborting.");
            }
        }
        if (listeners.isEmpty()) {
            throw listenFailed(null, "Configured to not listen anywhere, exiting.");
        }
        running = true;
        config.listeningOn(boundPort);
        log.info("Ready to accept connections tcp on port {} ({} transport)", boundPort, eventLoop.transportName());
    }

    /** Logs redis-server's messages for a listener that cannot be opened, and the exception that stops start-up. */
    private static RespListenException listenFailed(Exception cause, String... messages) {
        for (String message : messages) {
            log.warn(message);
        }
        return new RespListenException(String.join(System.lineSeparator(), messages), cause);
    }

    /** The operating system's error text, without the call Netty's native transport puts before it. */
    private static String systemError(Exception e) {
        String message = String.valueOf(e.getMessage());
        int afterCall = message.lastIndexOf("): ");
        return afterCall < 0 ? message : message.substring(afterCall + 3);
    }

    private static InetSocketAddress socketAddress(String host, int port) {
        return switch (host) {
            case "*" -> new InetSocketAddress("0.0.0.0", port);
            case "::*" -> new InetSocketAddress("::", port);
            default -> new InetSocketAddress(host, port);
        };
    }

    @Override
    public void stop() {
        running = false;
        closeListeners();
        eventLoop.loop().submit(() -> clients.clients().stream().toList().forEach(ClientConnection::close))
                .awaitUninterruptibly(1, TimeUnit.SECONDS);
    }

    private void closeListeners() {
        for (Channel listener : listeners) {
            listener.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        }
        listeners.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Started before the admin web server, so the RESP port answers as early as possible. */
    @Override
    public int getPhase() {
        return 0;
    }

    /**
     * Serves a connection this server opened itself (the link to its master) as a client of
     * its own: listed in CLIENT LIST, with a context its commands run in. Like Redis's master
     * client it needs no AUTH and no permission. Keyspace thread only.
     */
    public ClientConnection adoptOutboundConnection(Channel channel) {
        ClientConnection client = new ClientConnection(clients.nextId(), channel, store, propagation, errorStats,
                clients.durableReplies(), clients.turnEndFlushes(), AclUser.internal());
        clients.add(client);
        return client;
    }

    /** The adopted connection is gone: it leaves the client list and every keyspace structure. */
    public void releaseOutboundConnection(ClientConnection client) {
        clients.remove(client);
        client.released();
        client.reply().release();
        client.args().clear();
    }

    /** The port actually bound (useful with port 0), or -1 before start. */
    public int port() {
        return boundPort;
    }

    /** True while the listener accepts connections. */
    public boolean isListening() {
        return running && listeners.stream().anyMatch(Channel::isActive);
    }
}
