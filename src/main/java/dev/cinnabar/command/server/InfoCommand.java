package dev.cinnabar.command.server;

import dev.cinnabar.admin.AdminHttpPort;
import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandFamily;
import dev.cinnabar.command.CommandRegistry;
import dev.cinnabar.command.CommandSpec;
import dev.cinnabar.command.ErrorStats;
import dev.cinnabar.command.RedisCommand;
import dev.cinnabar.config.RuntimeConfig;
import dev.cinnabar.net.ClientRegistry;
import dev.cinnabar.net.KeyspaceEventLoop;
import dev.cinnabar.net.RespServer;
import dev.cinnabar.persistence.aof.AppendOnlyFile;
import dev.cinnabar.persistence.RdbPersistence;
import dev.cinnabar.pubsub.PubSubRegistry;
import dev.cinnabar.replication.ReplicationInfo;
import dev.cinnabar.store.Database;
import dev.cinnabar.store.KeyValueStore;
import dev.cinnabar.store.KeyspaceStats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static dev.cinnabar.command.CommandFlag.LOADING;
import static dev.cinnabar.command.CommandFlag.STALE;

/**
 * INFO, in Redis's exact text format: {@code # Section} headers, {@code field:value} lines,
 * a blank line between sections. Fields that describe features we do not have (modules,
 * cluster, forks) show the values Redis shows when they are not in use.
 */
@CommandFamily("server")
public class InfoCommand {

    /** Redis version we present, so that clients enable the features of Redis 7.0. */
    public static final String REDIS_VERSION = "7.0.15";
    /** How many keys with a time to live the average TTL estimate looks at per database. */
    private static final int TTL_SAMPLES = 64;

    /** The sections in the order Redis prints them. */
    enum Section {
        SERVER("Server"),
        CLIENTS("Clients"),
        MEMORY("Memory"),
        PERSISTENCE("Persistence"),
        STATS("Stats"),
        REPLICATION("Replication"),
        CPU("CPU"),
        MODULES("Modules"),
        COMMANDSTATS("Commandstats"),
        ERRORSTATS("Errorstats"),
        CLUSTER("Cluster"),
        KEYSPACE("Keyspace");

        final String title;

        Section(String title) {
            this.title = title;
        }

        static final Set<Section> DEFAULT = EnumSet.complementOf(EnumSet.of(COMMANDSTATS));
    }

    private final RespServer server;
    private final ServerProcess process;
    private final RuntimeConfig config;
    private final ClientRegistry clients;
    private final KeyValueStore store;
    private final CommandRegistry commands;
    private final ErrorStats errorStats;
    private final ReplicationInfo replication;
    private final StatsSampler sampler;
    private final KeyspaceEventLoop eventLoop;
    private final AdminHttpPort adminHttpPort;
    private final PubSubRegistry pubSub;
    private final AppendOnlyFile appendOnlyFile;
    private final RdbPersistence persistence;
    private final CpuUsage cpu = new CpuUsage();

    public InfoCommand(RespServer server, ServerProcess process, RuntimeConfig config, ClientRegistry clients,
                       KeyValueStore store, CommandRegistry commands, ErrorStats errorStats,
                       ReplicationInfo replication, StatsSampler sampler, KeyspaceEventLoop eventLoop,
                       AdminHttpPort adminHttpPort, PubSubRegistry pubSub,
                       AppendOnlyFile appendOnlyFile, RdbPersistence persistence) {
        this.server = server;
        this.process = process;
        this.config = config;
        this.clients = clients;
        this.store = store;
        this.commands = commands;
        this.errorStats = errorStats;
        this.replication = replication;
        this.sampler = sampler;
        this.eventLoop = eventLoop;
        this.adminHttpPort = adminHttpPort;
        this.pubSub = pubSub;
        this.appendOnlyFile = appendOnlyFile;
        this.persistence = persistence;
    }

    @RedisCommand(name = "info", arity = -1, flags = {LOADING, STALE}, categories = {"dangerous"},
            tips = {"nondeterministic_output", "request_policy:all_shards", "response_policy:special"},
            summary = "Get information and statistics about the server", since = "1.0.0", complexity = "O(1)")
    public void info(CommandContext ctx) {
        ctx.reply().bulk(render(requestedSections(ctx)));
    }

    private static Set<Section> requestedSections(CommandContext ctx) {
        if (ctx.argCount() == 1) {
            return Section.DEFAULT;
        }
        Set<Section> sections = EnumSet.noneOf(Section.class);
        for (int i = 1; i < ctx.argCount(); i++) {
            String name = ctx.stringArg(i).toLowerCase(Locale.ROOT);
            switch (name) {
                case "default" -> sections.addAll(Section.DEFAULT);
                case "all", "everything" -> sections.addAll(EnumSet.allOf(Section.class));
                default -> {
                    for (Section section : Section.values()) {
                        if (section.name().equalsIgnoreCase(name)) {
                            sections.add(section);
                        }
                    }
                }
            }
        }
        return sections;
    }

    private String render(Set<Section> sections) {
        StringBuilder text = new StringBuilder(4096);
        for (Section section : sections) {
            if (!text.isEmpty()) {
                text.append("\r\n");
            }
            text.append("# ").append(section.title).append("\r\n");
            switch (section) {
                case SERVER -> server(text);
                case CLIENTS -> clients(text);
                case MEMORY -> memory(text);
                case PERSISTENCE -> persistence(text);
                case STATS -> stats(text);
                case REPLICATION -> replication(text);
                case CPU -> cpu(text);
                case MODULES -> {
                }
                case COMMANDSTATS -> commandStats(text);
                case ERRORSTATS -> errorStats(text);
                case CLUSTER -> field(text, "cluster_enabled", 0);
                case KEYSPACE -> keyspace(text);
            }
        }
        return text.toString();
    }

    private void server(StringBuilder text) {
        long nowMicros = System.currentTimeMillis() * 1000;
        long uptime = process.uptimeSeconds();
        field(text, "redis_version", REDIS_VERSION);
        field(text, "redis_git_sha1", "00000000");
        field(text, "redis_git_dirty", 0);
        field(text, "redis_mode", "standalone");
        field(text, "os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + machine(System.getProperty("os.arch")));
        field(text, "arch_bits", System.getProperty("sun.arch.data.model", "64"));
        field(text, "monotonic_clock", "System.nanoTime");
        field(text, "multiplexing_api", eventLoop.transportName());
        field(text, "java_version", Runtime.version().toString());
        field(text, "process_id", process.pid());
        field(text, "process_supervised", "no");
        field(text, "run_id", process.runId());
        field(text, "tcp_port", server.port());
        field(text, "server_time_usec", nowMicros);
        field(text, "uptime_in_seconds", uptime);
        field(text, "uptime_in_days", uptime / 86400);
        field(text, "hz", config.longValue("hz"));
        field(text, "configured_hz", config.longValue("hz"));
        field(text, "lru_clock", (nowMicros / 1_000_000) & ((1 << 24) - 1));
        field(text, "executable", process.executable());
        field(text, "config_file", "");
        field(text, "io_threads_active", 0);
        // Cinnabar's own, after Redis's fields: several instances on one host each find their Actuator here.
        field(text, "admin_http_port", adminHttpPort.port());
    }

    /** The machine name uname prints, which Java spells differently. */
    private static String machine(String javaArch) {
        return switch (javaArch) {
            case "amd64" -> "x86_64";
            case "x86" -> "i686";
            default -> javaArch;
        };
    }

    private void clients(StringBuilder text) {
        field(text, "connected_clients", clients.connectedCount());
        field(text, "cluster_connections", 0);
        field(text, "maxclients", config.maxclients());
        field(text, "blocked_clients", clients.blockedCount());
        field(text, "tracking_clients", 0);
        field(text, "clients_in_timeout_table", 0);
    }

    private void memory(StringBuilder text) {
        long used = JvmMemory.used();
        long peak = sampler.usedMemoryObserved(used);
        long resident = JvmMemory.resident();
        long systemMemory = JvmMemory.totalSystemMemory();
        long maxmemory = config.longValue("maxmemory");
        field(text, "used_memory", used);
        field(text, "used_memory_human", JvmMemory.human(used));
        field(text, "used_memory_rss", resident);
        field(text, "used_memory_rss_human", JvmMemory.human(resident));
        field(text, "used_memory_peak", peak);
        field(text, "used_memory_peak_human", JvmMemory.human(peak));
        field(text, "used_memory_peak_perc", percent(used, peak));
        field(text, "total_system_memory", systemMemory);
        field(text, "total_system_memory_human", JvmMemory.human(systemMemory));
        field(text, "jvm_heap_used", JvmMemory.heapUsed());
        field(text, "jvm_heap_max", JvmMemory.maxHeap());
        field(text, "maxmemory", maxmemory);
        field(text, "maxmemory_human", JvmMemory.human(maxmemory));
        field(text, "maxmemory_policy", config.get("maxmemory-policy"));
        field(text, "mem_fragmentation_ratio", twoDecimals(used == 0 ? 0 : (double) resident / used));
        field(text, "mem_allocator", "jvm");
        field(text, "lazyfree_pending_objects", 0);
    }

    private void persistence(StringBuilder text) {
        persistence.infoFields((name, value) -> field(text, name, value));
        appendOnlyFile.infoFields().forEach((name, value) -> field(text, name, value));
    }

    private void stats(StringBuilder text) {
        KeyspaceStats keyspace = store.stats();
        field(text, "total_connections_received", clients.connectionsReceived());
        field(text, "total_commands_processed", sampler.commandsProcessed());
        field(text, "instantaneous_ops_per_sec", sampler.opsPerSecond());
        field(text, "rejected_connections", clients.rejectedConnections());
        field(text, "sync_full", replication.masterSide().fullSyncs());
        field(text, "sync_partial_ok", replication.masterSide().partialSyncsAccepted());
        field(text, "sync_partial_err", replication.masterSide().partialSyncsRejected());
        field(text, "expired_keys", keyspace.expiredKeys());
        field(text, "evicted_keys", keyspace.evictedKeys());
        field(text, "keyspace_hits", keyspace.hits());
        field(text, "keyspace_misses", keyspace.misses());
        field(text, "pubsub_channels", pubSub.channelCount());
        field(text, "pubsub_patterns", pubSub.patternCount());
        field(text, "pubsubshard_channels", pubSub.shardChannelCount());
        field(text, "latest_fork_usec", 0);
        field(text, "total_forks", 0);
        field(text, "total_error_replies", errorStats.totalErrorReplies());
    }

    private void replication(StringBuilder text) {
        replication.fields().forEach((name, value) -> field(text, name, value));
    }

    private void cpu(StringBuilder text) {
        CpuUsage.Times process = cpu.process();
        CpuUsage.Times thread = cpu.currentThread();
        field(text, "used_cpu_sys", sixDecimals(process.systemSeconds()));
        field(text, "used_cpu_user", sixDecimals(process.userSeconds()));
        field(text, "used_cpu_sys_children", sixDecimals(0));
        field(text, "used_cpu_user_children", sixDecimals(0));
        field(text, "used_cpu_sys_main_thread", sixDecimals(thread.systemSeconds()));
        field(text, "used_cpu_user_main_thread", sixDecimals(thread.userSeconds()));
    }

    private void commandStats(StringBuilder text) {
        List<CommandSpec> used = new ArrayList<>();
        for (CommandSpec command : commands.executableCommands()) {
            if (command.calls() > 0 || command.failedCalls() > 0 || command.rejectedCalls() > 0) {
                used.add(command);
            }
        }
        used.sort(Comparator.comparing(CommandSpec::fullName));
        for (CommandSpec command : used) {
            double perCall = command.calls() == 0 ? 0 : (double) command.microseconds() / command.calls();
            text.append("cmdstat_").append(command.fullName())
                    .append(":calls=").append(command.calls())
                    .append(",usec=").append(command.microseconds())
                    .append(",usec_per_call=").append(twoDecimals(perCall))
                    .append(",rejected_calls=").append(command.rejectedCalls())
                    .append(",failed_calls=").append(command.failedCalls())
                    .append("\r\n");
        }
    }

    private void errorStats(StringBuilder text) {
        for (Map.Entry<String, Long> code : new TreeMap<>(errorStats.countsByCode()).entrySet()) {
            text.append("errorstat_").append(code.getKey()).append(":count=").append(code.getValue()).append("\r\n");
        }
    }

    private void keyspace(StringBuilder text) {
        for (int i = 0; i < store.databaseCount(); i++) {
            Database database = store.database(i);
            if (database.size() > 0) {
                text.append("db").append(i)
                        .append(":keys=").append(database.size())
                        .append(",expires=").append(database.expiresCount())
                        .append(",avg_ttl=").append(database.averageTtl(TTL_SAMPLES))
                        .append("\r\n");
            }
        }
    }

    private static void field(StringBuilder text, String name, Object value) {
        text.append(name).append(':').append(value).append("\r\n");
    }

    private static String percent(long part, long whole) {
        return twoDecimals(whole == 0 ? 0 : part * 100.0 / whole) + "%";
    }

    private static String twoDecimals(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static String sixDecimals(double value) {
        return String.format(Locale.ROOT, "%.6f", value);
    }
}
