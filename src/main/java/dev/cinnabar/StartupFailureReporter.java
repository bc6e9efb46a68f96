package dev.cinnabar;

import dev.cinnabar.net.RespListenException;
import dev.cinnabar.persistence.aof.AofLoadException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringBootExceptionReporter;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.core.Ordered;

/**
 * Reports the start-up failures of a server whose port is taken in a few plain lines, also
 * on standard error, instead of Spring's stack trace: a RESP port (in redis-server's words,
 * already logged by the listener), an append-only file that cannot be loaded (logged by the
 * loader) and an admin HTTP port the user chose (a default admin port
 * that is taken never fails, it moves to a free port).
 */
public class StartupFailureReporter implements SpringBootExceptionReporter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(StartupFailureReporter.class);

    @Override
    public boolean reportException(Throwable failure) {
        RespListenException resp = cause(failure, RespListenException.class);
        if (resp != null) {
            System.err.println(resp.getMessage());
            return true;
        }
        AofLoadException aof = cause(failure, AofLoadException.class);
        if (aof != null) {
            System.err.println(aof.getMessage());
            return true;
        }
        PortInUseException admin = cause(failure, PortInUseException.class);
        if (admin != null) {
            String message = "Could not open the admin HTTP port " + admin.getPort()
                    + " (management.server.port): Address already in use, aborting." + System.lineSeparator()
                    + "Choose another port (0 picks a free one), or leave management.server.port unset: "
                    + "the default admin port moves to a free port when it is taken.";
            log.error(message);
            System.err.println(message);
            return true;
        }
        return false;
    }

    private static <T extends Throwable> T cause(Throwable failure, Class<T> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    /** Before Spring's own failure analysis, which would print these with a stack trace. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
