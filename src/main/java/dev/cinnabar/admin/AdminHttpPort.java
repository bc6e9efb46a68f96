package dev.cinnabar.admin;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.tomcat.TomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The port of the admin HTTP surface (the Actuator), as opposed to the RESP port, which is
 * the product. A port the user chose ({@code management.server.port} or {@code server.port},
 * from any configuration source) is bound as given and start-up fails if it is taken. The
 * default port is only a convenience: when it is taken, for instance by another Cinnabar on
 * the same host, the admin surface moves to a free port and one warning names its URL.
 */
@Component
public class AdminHttpPort implements WebServerFactoryCustomizer<TomcatWebServerFactory>,
        ApplicationListener<WebServerInitializedEvent> {

    private static final Logger log = LoggerFactory.getLogger(AdminHttpPort.class);

    private final Environment environment;
    private int defaultPortRequested = -1;
    private volatile int port;

    public AdminHttpPort(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void customize(TomcatWebServerFactory factory) {
        if (!environment.containsProperty(AdminPortEnvironmentPostProcessor.SERVER_PORT)) {
            defaultPortRequested = factory.getPort();
            factory.setProtocol(FreePortFallbackProtocol.class.getName());
        }
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        int listening = event.getWebServer().getPort();
        port = Math.max(listening, 0);
        if (defaultPortRequested > 0 && listening != defaultPortRequested) {
            log.warn("Admin HTTP port {} is already in use; the admin surface is at {} instead. "
                    + "Set management.server.port to choose its port.", defaultPortRequested, url());
        }
    }

    /** The port the admin surface listens on, or 0 while it does not (yet) listen. */
    public int port() {
        return port;
    }

    /** Where the Actuator endpoints are, e.g. {@code http://localhost:8080/actuator}; empty while not listening. */
    public String url() {
        if (port == 0) {
            return "";
        }
        String address = environment.getProperty("server.address", "");
        String host = address.isEmpty() || address.equals("0.0.0.0") || address.equals("::") ? "localhost"
                : address.contains(":") ? "[" + address + "]" : address;
        return "http://" + host + ":" + port + environment.getProperty("server.servlet.context-path", "")
                + environment.getProperty("management.endpoints.web.base-path", "/actuator");
    }
}
