package dev.cinnabar.admin;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;

/**
 * Makes {@code management.server.port} the port of the one HTTP server Cinnabar opens. Spring
 * Boot starts a second web server just for the Actuator whenever that property differs from
 * {@code server.port} (always when it is 0); so a value set by the user is moved to
 * {@code server.port} and the management property is masked with an empty value, which Spring
 * reads as "not set": the Actuator then stays on the main server.
 */
public class AdminPortEnvironmentPostProcessor implements EnvironmentPostProcessor {

    static final String SOURCE_NAME = "cinnabarAdminPort";
    static final String MANAGEMENT_PORT = "management.server.port";
    static final String SERVER_PORT = "server.port";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String managementPort = environment.getProperty(MANAGEMENT_PORT);
        if (managementPort == null || managementPort.isBlank()) {
            return;
        }
        environment.getPropertySources().addFirst(new MapPropertySource(SOURCE_NAME,
                Map.of(SERVER_PORT, managementPort.strip(), MANAGEMENT_PORT, "")));
    }
}
