package dev.cinnabar.admin;

import dev.cinnabar.command.CommandRegistry;
import dev.cinnabar.command.CommandSpec;
import dev.cinnabar.net.ClientRegistry;
import dev.cinnabar.net.KeyspaceEventLoop;
import dev.cinnabar.pubsub.PubSubRegistry;
import dev.cinnabar.store.KeyValueStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Micrometer meters over counters the server keeps anyway: {@code cinnabar.commands} (a
 * function timer per command reading its call count and time, so executing a command
 * costs nothing extra), {@code cinnabar.clients.connected}, {@code cinnabar.keyspace.keys} and
 * the pub/sub message counters.
 * Registered once the application is ready: the command registry is complete by then, and
 * the metrics infrastructure is not built before the RESP port opens. Listening to the
 * ready event (published once, for the main context) rather than to context refreshes
 * keeps a separate management context from registering them twice.
 */
@Component
public class CinnabarMeters implements ApplicationListener<ApplicationReadyEvent> {

    private final ObjectProvider<MeterRegistry> meterRegistry;
    private final CommandRegistry commands;
    private final ClientRegistry clients;
    private final KeyspaceEventLoop keyspace;
    private final KeyValueStore store;
    private final PubSubRegistry pubSub;

    public CinnabarMeters(ObjectProvider<MeterRegistry> meterRegistry, CommandRegistry commands, ClientRegistry clients,
                          KeyspaceEventLoop keyspace, KeyValueStore store, PubSubRegistry pubSub) {
        this.meterRegistry = meterRegistry;
        this.commands = commands;
        this.clients = clients;
        this.keyspace = keyspace;
        this.store = store;
        this.pubSub = pubSub;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        MeterRegistry meters = meterRegistry.getObject();
        for (CommandSpec command : commands.executableCommands()) {
            FunctionTimer.builder("cinnabar.commands", command, CommandSpec::calls, CommandSpec::nanos,
                            TimeUnit.NANOSECONDS)
                    .tag("command", command.fullName())
                    .description("Commands executed and the time spent executing them")
                    .register(meters);
        }
        Gauge.builder("cinnabar.clients.connected", clients, ClientRegistry::connectedCount)
                .description("Connected RESP clients")
                .register(meters);
        Gauge.builder("cinnabar.keyspace.keys", this, CinnabarMeters::totalKeys)
                .description("Keys in every database")
                .register(meters);
        FunctionCounter.builder("cinnabar.pubsub.messages.published", pubSub, PubSubRegistry::messagesPublished)
                .description("Messages published (PUBLISH, SPUBLISH, keyspace notifications)")
                .register(meters);
        FunctionCounter.builder("cinnabar.pubsub.messages.delivered", pubSub, PubSubRegistry::messagesDelivered)
                .description("Messages pushed to subscribers")
                .register(meters);
    }

    private double totalKeys() {
        try {
            return keyspace.call(store::totalKeys, 1, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return Double.NaN;
        }
    }
}
