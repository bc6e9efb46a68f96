package dev.cinnabar.net;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one thread that owns the keyspace. It is a Netty event loop: it accepts and serves
 * every client connection, runs every command and every keyspace timer, so a request
 * never changes threads and the store needs no locks. Other threads (Actuator, tests)
 * hand it tasks through {@link #call}.
 */
@Component
public class KeyspaceEventLoop implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(KeyspaceEventLoop.class);

    private final MultiThreadIoEventLoopGroup group;
    private final boolean nativeTransport;

    public KeyspaceEventLoop() {
        nativeTransport = Epoll.isAvailable();
        IoHandlerFactory handlers = nativeTransport ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("cinnabar-keyspace"), handlers);
        if (!nativeTransport) {
            log.info("Native epoll transport unavailable ({}); using NIO", Epoll.unavailabilityCause().toString());
        }
    }

    /** The keyspace thread as a scheduler, for the store's timers. */
    @Bean("keyspaceThread")
    static ScheduledExecutorService keyspaceThread(KeyspaceEventLoop eventLoop) {
        return eventLoop.loop();
    }

    public MultiThreadIoEventLoopGroup group() {
        return group;
    }

    public EventLoop loop() {
        return group.next();
    }

    public Class<? extends ServerChannel> serverChannelType() {
        return nativeTransport ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** The channel type of outgoing connections (to a master) on this loop's transport. */
    public Class<? extends Channel> socketChannelType() {
        return nativeTransport ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    public String transportName() {
        return nativeTransport ? "epoll" : "nio";
    }

    public boolean inKeyspaceThread() {
        return loop().inEventLoop();
    }

    /** Runs {@code task} on the keyspace thread and waits for its result. */
    public <T> T call(Callable<T> task, long timeout, TimeUnit unit) throws TimeoutException {
        if (inKeyspaceThread()) {
            try {
                return task.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        try {
            return loop().submit(task).get(timeout, unit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void destroy() {
        group.shutdownGracefully(0, 500, TimeUnit.MILLISECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
}
