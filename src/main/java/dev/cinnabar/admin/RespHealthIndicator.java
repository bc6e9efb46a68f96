package dev.cinnabar.admin;

import dev.cinnabar.net.ClientRegistry;
import dev.cinnabar.net.RespServer;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** The {@code resp} health component: UP exactly while the RESP listener accepts connections. */
@Component("resp")
public class RespHealthIndicator implements HealthIndicator {

    private final RespServer server;
    private final ClientRegistry clients;

    public RespHealthIndicator(RespServer server, ClientRegistry clients) {
        this.server = server;
        this.clients = clients;
    }

    @Override
    public Health health() {
        Health.Builder health = server.isListening() ? Health.up() : Health.down();
        return health.withDetail("port", server.port())
                .withDetail("connectedClients", clients.connectedCount())
                .build();
    }
}
