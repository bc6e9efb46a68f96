package dev.cinnabar.command.server;

import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Facts about this server process that INFO server reports. */
@Component
public class ServerProcess {

    private final long startedMillis = System.currentTimeMillis();
    private final String runId = randomRunId();
    private final long pid = ProcessHandle.current().pid();
    private final String executable = ProcessHandle.current().info().command().orElse("");

    private static String randomRunId() {
        byte[] bytes = new byte[20];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    public long startedMillis() {
        return startedMillis;
    }

    public long uptimeSeconds() {
        return (System.currentTimeMillis() - startedMillis) / 1000;
    }

    /** 40 random hex characters identifying this run, as Redis's {@code run_id}. */
    public String runId() {
        return runId;
    }

    public long pid() {
        return pid;
    }

    /** The program running the server (the {@code java} binary). */
    public String executable() {
        return executable;
    }
}
