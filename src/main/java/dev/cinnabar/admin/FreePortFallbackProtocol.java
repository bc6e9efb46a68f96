package dev.cinnabar.admin;

import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.tomcat.util.net.NioEndpoint;

import java.net.BindException;

/**
 * Tomcat's HTTP/1.1 connector, except that when its port is taken it listens on a free port
 * chosen by the operating system instead of failing. The fallback happens at the bind call
 * itself, so two servers starting at the same moment cannot both see the port free and then
 * collide, as they could if the port were probed beforehand. Tomcat instantiates this class
 * by name ({@link AdminHttpPort} selects it only while the admin port is the default one).
 */
public class FreePortFallbackProtocol extends Http11NioProtocol {

    public FreePortFallbackProtocol() {
        super(new FallbackEndpoint());
    }

    private static final class FallbackEndpoint extends NioEndpoint {

        @Override
        protected void initServerSocket() throws Exception {
            try {
                super.initServerSocket();
            } catch (BindException taken) {
                // The failed attempt leaves its channel open, unbound.
                getServerSocket().close();
                setPort(0);
                super.initServerSocket();
            }
        }
    }
}
