package dev.cinnabar.config;

import dev.cinnabar.protocol.RespLimits;
import org.springframework.stereotype.Component;

import java.nio.file.Path;

/**
 * The live values of the options that components read while running, starting from the
 * start-up properties; CONFIG SET changes them here.
 */
@Component
public class RuntimeConfig {

    private final CinnabarProperties startup;
    private volatile RespLimits respLimits;
    private volatile int maxclients;
    private final String dir;

    public RuntimeConfig(CinnabarProperties startup) {
        this.startup = startup;
        this.respLimits = new RespLimits(startup.protoMaxBulkLen(), RespLimits.REDIS_DEFAULTS.maxMultibulkLength(),
                RespLimits.REDIS_DEFAULTS.maxInlineLength(), startup.clientQueryBufferLimit());
        this.maxclients = startup.maxclients();
        this.dir = startup.dir().isEmpty()
                ? Path.of("").toAbsolutePath().toString()
                : Path.of(startup.dir()).toAbsolutePath().normalize().toString();
    }

    public CinnabarProperties startup() {
        return startup;
    }

    public RespLimits respLimits() {
        return respLimits;
    }

    public void respLimits(RespLimits limits) {
        this.respLimits = limits;
    }

    public int maxclients() {
        return maxclients;
    }

    public void maxclients(int maxclients) {
        this.maxclients = maxclients;
    }

    /** The data directory as an absolute path; the process's working directory by default. */
    public String dir() {
        return dir;
    }
}
