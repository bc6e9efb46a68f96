package dev.cinnabar.admin;

import dev.cinnabar.config.RuntimeConfig;
import dev.cinnabar.net.RespServer;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /actuator/info}: the Cinnabar version, the replication role, the RESP port and the admin URL. */
@Component
public class CinnabarInfoContributor implements InfoContributor {

    private final Environment environment;
    private final RuntimeConfig config;
    private final RespServer server;
    private final AdminHttpPort adminHttpPort;

    public CinnabarInfoContributor(Environment environment, RuntimeConfig config, RespServer server,
                                   AdminHttpPort adminHttpPort) {
        this.environment = environment;
        this.config = config;
        this.server = server;
        this.adminHttpPort = adminHttpPort;
    }

    @Override
    public void contribute(Info.Builder builder) {
        Map<String, Object> cinnabar = new LinkedHashMap<>();
        cinnabar.put("version", environment.getProperty("spring.application.version", "unknown"));
        cinnabar.put("role", config.get("replicaof").isEmpty() ? "master" : "slave");
        cinnabar.put("port", server.port());
        cinnabar.put("adminPort", adminHttpPort.port());
        cinnabar.put("adminUrl", adminHttpPort.url());
        builder.withDetail("cinnabar", cinnabar);
    }
}
