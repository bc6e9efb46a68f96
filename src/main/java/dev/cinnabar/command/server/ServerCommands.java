package dev.cinnabar.command.server;

import dev.cinnabar.command.CommandContainer;
import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandFamily;
import dev.cinnabar.command.RedisCommand;
import dev.cinnabar.config.RuntimeConfig;
import dev.cinnabar.persistence.RdbPersistence;
import dev.cinnabar.protocol.ErrorReplyException;
import dev.cinnabar.store.Entry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.cinnabar.command.CommandFlag.ADMIN;
import static dev.cinnabar.command.CommandFlag.ALLOW_BUSY;
import static dev.cinnabar.command.CommandFlag.FAST;
import static dev.cinnabar.command.CommandFlag.LOADING;
import static dev.cinnabar.command.CommandFlag.NOSCRIPT;
import static dev.cinnabar.command.CommandFlag.NO_MULTI;
import static dev.cinnabar.command.CommandFlag.READONLY;
import static dev.cinnabar.command.CommandFlag.STALE;

/** Server administration: TIME, SHUTDOWN and the MEMORY diagnostics. */
@CommandFamily("server")
@CommandContainer(name = "memory", summary = "A container for memory diagnostics commands", since = "4.0.0")
public class ServerCommands {

    private static final Logger log = LoggerFactory.getLogger(ServerCommands.class);
    /** Above this share of its limit, MEMORY DOCTOR reports the heap or maxmemory as nearly full. */
    private static final double NEARLY_FULL = 0.9;

    private final ServerProcess process;
    private final RuntimeConfig config;
    private final StatsSampler sampler;
    private final ConfigurableApplicationContext application;
    private final RdbPersistence persistence;
    private final MemoryEstimator memoryEstimator = new MemoryEstimator();

    public ServerCommands(ServerProcess process, RuntimeConfig config, StatsSampler sampler,
                          ConfigurableApplicationContext application, RdbPersistence persistence) {
        this.process = process;
        this.config = config;
        this.sampler = sampler;
        this.application = application;
        this.persistence = persistence;
    }

    @RedisCommand(name = "time", arity = 1, flags = {LOADING, STALE, FAST}, tips = {"nondeterministic_output"},
            summary = "Return the current server time", since = "2.6.0", complexity = "O(1)")
    public void time(CommandContext ctx) {
        Instant now = Instant.now();
        ctx.reply().arrayHeader(2);
        ctx.reply().bulk(now.getEpochSecond());
        ctx.reply().bulk(now.getNano() / 1000);
    }

    @RedisCommand(name = "shutdown", arity = -1, flags = {ADMIN, NOSCRIPT, LOADING, STALE, NO_MULTI, ALLOW_BUSY},
            summary = "Synchronously save the dataset to disk and then shut down the server", since = "1.0.0",
            complexity = "O(N) when saving, where N is the total number of keys in all databases when saving "
                    + "data, otherwise O(1)")
    public void shutdown(CommandContext ctx) {
        boolean save = false;
        boolean noSave = false;
        boolean abort = false;
        List<String> modifiers = new ArrayList<>();
        for (int i = 1; i < ctx.argCount(); i++) {
            if (ctx.argIs(i, "nosave")) {
                noSave = true;
            } else if (ctx.argIs(i, "save")) {
                save = true;
            } else if (ctx.argIs(i, "abort")) {
                abort = true;
            } else if (ctx.argIs(i, "now") || ctx.argIs(i, "force")) {
                modifiers.add(ctx.stringArg(i).toUpperCase());
            } else {
                throw CommandContext.syntaxError();
            }
        }
        if ((save && noSave) || (abort && ctx.argCount() > 2)) {
            throw CommandContext.syntaxError();
        }
        if (abort) {
            // A shutdown here is immediate, so there is never one in progress to abort.
            throw new ErrorReplyException("ERR No shutdown in progress.");
        }
        log.warn("User requested shutdown{}...", modifiers.isEmpty() ? "" : " (" + String.join(" ", modifiers) + ")");
        try {
            persistence.saveForShutdown(save, noSave);
        } catch (IOException e) {
            if (!modifiers.contains("FORCE")) {
                log.warn("Errors trying to shut down the server. Check the logs for more information.");
                throw new ErrorReplyException("ERR Errors trying to SHUTDOWN. Check logs.");
            }
        }
        // Like Redis, the client gets no reply: its connection closes as the server goes away.
        ctx.client().closeAfterReply();
        Thread exit = new Thread(() -> System.exit(SpringApplication.exit(application, () -> 0)),
                "cinnabar-shutdown");
        exit.start();
    }

    @RedisCommand(name = "memory|usage", arity = -3, flags = {READONLY}, firstKey = 2, lastKey = 2, keyStep = 1,
            keySpecFlags = {"RO"},
            summary = "Estimate the memory usage of a key", since = "4.0.0",
            complexity = "O(N) where N is the number of samples.")
    public void memoryUsage(CommandContext ctx) {
        for (int i = 3; i < ctx.argCount(); i += 2) {
            if (!ctx.argIs(i, "samples") || i + 1 >= ctx.argCount()) {
                throw CommandContext.syntaxError();
            }
            // Our estimate is exact for every value type, so the sample count changes nothing.
            if (ctx.longArg(i + 1) < 0) {
                throw CommandContext.syntaxError();
            }
        }
        Entry entry = ctx.db().entry(ctx.arg(2));
        if (entry == null) {
            ctx.reply().nullBulk();
        } else {
            ctx.reply().integer(memoryEstimator.usage(entry));
        }
    }

    @RedisCommand(name = "memory|doctor", arity = 2,
            tips = {"nondeterministic_output", "request_policy:all_shards", "response_policy:special"},
            summary = "Outputs memory problems report", since = "4.0.0", complexity = "O(1)")
    public void memoryDoctor(CommandContext ctx) {
        ctx.reply().bulk(doctorReport());
    }

    private String doctorReport() {
        long used = JvmMemory.used();
        long peak = sampler.usedMemoryObserved(used);
        long heapUsed = JvmMemory.heapUsed();
        long maxHeap = JvmMemory.maxHeap();
        long maxmemory = config.longValue("maxmemory");
        List<String> problems = new ArrayList<>();
        if (heapUsed > maxHeap * NEARLY_FULL) {
            problems.add("The JVM heap is " + percent(heapUsed, maxHeap) + " full (" + JvmMemory.human(heapUsed)
                    + " of " + JvmMemory.human(maxHeap) + "). Give the JVM a larger -Xmx, or hold less data.");
        }
        if (maxmemory > 0 && used > maxmemory * NEARLY_FULL) {
            problems.add("Used memory (" + JvmMemory.human(used) + ") is close to maxmemory ("
                    + JvmMemory.human(maxmemory) + ").");
        }
        StringBuilder report = new StringBuilder("Cinnabar memory report: ")
                .append(JvmMemory.human(used)).append(" in use, peak ").append(JvmMemory.human(peak))
                .append(", JVM heap limit ").append(JvmMemory.human(maxHeap)).append(".\n\n");
        if (problems.isEmpty()) {
            report.append("No memory problems detected.\n");
        } else {
            for (String problem : problems) {
                report.append(" * ").append(problem).append("\n");
            }
        }
        return report.toString();
    }

    private static String percent(long part, long whole) {
        return (whole == 0 ? 0 : part * 100 / whole) + "%";
    }

    @RedisCommand(name = "memory|help", arity = 2, flags = {LOADING, STALE},
            summary = "Show helpful text about the different subcommands", since = "4.0.0", complexity = "O(1)")
    public void memoryHelp(CommandContext ctx) {
        HelpText.write(ctx.reply(), "MEMORY",
                "DOCTOR",
                "    Return memory problems reports.",
                "USAGE <key> [SAMPLES <count>]",
                "    Return memory in bytes used by <key> and its value. Nested values are",
                "    sampled up to <count> times (default: 5, 0 means sample all).");
    }
}
