package dev.cinnabar.config;

import dev.cinnabar.config.ConfigParameter.Mutability;
import dev.cinnabar.config.ConfigParameter.ValueParser;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.cinnabar.config.ValueParsers.anyString;
import static dev.cinnabar.config.ValueParsers.clientOutputBufferLimit;
import static dev.cinnabar.config.ValueParsers.directory;
import static dev.cinnabar.config.ValueParsers.integer;
import static dev.cinnabar.config.ValueParsers.keyspaceEventClasses;
import static dev.cinnabar.config.ValueParsers.masterAddress;
import static dev.cinnabar.config.ValueParsers.memory;
import static dev.cinnabar.config.ValueParsers.oneOf;
import static dev.cinnabar.config.ValueParsers.plainName;
import static dev.cinnabar.config.ValueParsers.savePoints;
import static dev.cinnabar.config.ValueParsers.words;
import static dev.cinnabar.config.ValueParsers.yesNo;

/**
 * Every Redis 7.0 configuration parameter Cinnabar accepts: the one table behind the
 * Redis-style command line, the defaults of {@link CinnabarProperties}, and CONFIG GET/SET.
 * Names, aliases, defaults, ranges and mutability are Redis's, except that {@code port}
 * and {@code bind} cannot be changed while running.
 */
public final class ConfigParameters {

    private static final long INT_MAX = Integer.MAX_VALUE;
    private static final long LONG_MAX = Long.MAX_VALUE;

    private static final List<ConfigParameter> ALL = new ArrayList<>();
    private static final Map<String, ConfigParameter> BY_NAME = new HashMap<>();

    static {
        // network and clients
        param("port", "6379", integer(0, 65535)).immutable();
        param("bind", "127.0.0.1 -::1", words()).immutable().listValued();
        param("protected-mode", "yes", yesNo());
        param("tcp-backlog", "511", integer(0, INT_MAX)).immutable();
        param("tcp-keepalive", "300", integer(0, INT_MAX));
        param("timeout", "0", integer(0, INT_MAX));
        param("maxclients", "10000", integer(1, INT_MAX));
        param("proto-max-bulk-len", "536870912", memory(1024 * 1024, LONG_MAX));
        param("client-query-buffer-limit", "1073741824", memory(1024 * 1024, LONG_MAX));
        param("client-output-buffer-limit",
                "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60", clientOutputBufferLimit());
        param("io-threads", "1", integer(1, 128)).immutable();
        param("io-threads-do-reads", "no", yesNo()).immutable();
        param("requirepass", "", anyString());
        param("aclfile", "", anyString()).immutable();
        param("acllog-max-len", "128", integer(0, LONG_MAX));

        // process, logging and background tasks
        param("databases", "16", integer(1, INT_MAX)).immutable();
        param("daemonize", "no", yesNo()).immutable();
        param("pidfile", "", anyString()).immutable();
        param("loglevel", "notice", oneOf("debug", "verbose", "notice", "warning"));
        param("logfile", "", anyString()).immutable();
        param("hz", "10", integer(0, INT_MAX));
        param("dynamic-hz", "yes", yesNo());
        param("activerehashing", "yes", yesNo());
        param("active-expire-effort", "1", integer(1, 10));
        param("busy-reply-threshold", "5000", integer(0, LONG_MAX)).alias("lua-time-limit");
        param("shutdown-timeout", "10", integer(0, INT_MAX));
        param("latency-tracking", "yes", yesNo());
        param("latency-monitor-threshold", "0", integer(0, LONG_MAX));
        param("slowlog-log-slower-than", "10000", integer(-1, LONG_MAX));
        param("slowlog-max-len", "128", integer(0, LONG_MAX));
        param("notify-keyspace-events", "", keyspaceEventClasses());

        // memory and eviction
        param("maxmemory", "0", memory(0, LONG_MAX));
        param("maxmemory-policy", "noeviction", oneOf("volatile-lru", "volatile-lfu", "volatile-random",
                "volatile-ttl", "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction"));
        param("maxmemory-samples", "5", integer(1, 64));
        param("maxmemory-eviction-tenacity", "10", integer(0, 100));
        param("lfu-log-factor", "10", integer(0, INT_MAX));
        param("lfu-decay-time", "1", integer(0, INT_MAX));
        param("lazyfree-lazy-eviction", "no", yesNo());
        param("lazyfree-lazy-expire", "no", yesNo());
        param("lazyfree-lazy-server-del", "no", yesNo());
        param("lazyfree-lazy-user-del", "no", yesNo());
        param("lazyfree-lazy-user-flush", "no", yesNo());
        param("tracking-table-max-keys", "1000000", integer(0, LONG_MAX));

        // value encodings
        param("hash-max-listpack-entries", "512", integer(0, LONG_MAX)).alias("hash-max-ziplist-entries");
        param("hash-max-listpack-value", "64", memory(0, LONG_MAX)).alias("hash-max-ziplist-value");
        param("set-max-intset-entries", "512", integer(0, LONG_MAX));
        param("zset-max-listpack-entries", "128", integer(0, LONG_MAX)).alias("zset-max-ziplist-entries");
        param("zset-max-listpack-value", "64", memory(0, LONG_MAX)).alias("zset-max-ziplist-value");
        param("list-max-listpack-size", "-2", integer(Integer.MIN_VALUE, INT_MAX)).alias("list-max-ziplist-size");
        param("list-compress-depth", "0", integer(0, INT_MAX));
        param("stream-node-max-bytes", "4096", memory(0, LONG_MAX));
        param("stream-node-max-entries", "100", integer(0, LONG_MAX));
        param("hll-sparse-max-bytes", "3000", memory(0, LONG_MAX));

        // persistence
        param("dir", "", directory()).protectedConfig();
        param("dbfilename", "dump.rdb", plainName("dbfilename can't be a path, just a filename")).protectedConfig();
        param("save", "3600 1 300 100 60 10000", savePoints());
        param("rdbcompression", "yes", yesNo());
        param("rdbchecksum", "yes", yesNo());
        param("stop-writes-on-bgsave-error", "yes", yesNo());
        param("appendonly", "no", yesNo());
        param("appenddirname", "appendonlydir", plainName("appenddirname can't be a path, just a dirname"))
                .immutable();
        param("appendfilename", "appendonly.aof", plainName("appendfilename can't be a path, just a filename"))
                .immutable();
        param("appendfsync", "everysec", oneOf("everysec", "always", "no"));
        param("no-appendfsync-on-rewrite", "no", yesNo());
        param("auto-aof-rewrite-percentage", "100", integer(0, INT_MAX));
        param("auto-aof-rewrite-min-size", "67108864", memory(0, LONG_MAX));
        param("aof-use-rdb-preamble", "yes", yesNo());
        param("aof-load-truncated", "yes", yesNo());
        param("aof-timestamp-enabled", "no", yesNo());

        // replication
        param("replicaof", "", masterAddress()).immutable().alias("slaveof");
        param("masterauth", "", anyString());
        param("masteruser", "", anyString());
        param("repl-backlog-size", "1048576", memory(1, LONG_MAX));
        param("repl-backlog-ttl", "3600", integer(0, INT_MAX));
        param("repl-timeout", "60", integer(1, INT_MAX));
        param("repl-ping-replica-period", "10", integer(1, INT_MAX)).alias("repl-ping-slave-period");
        param("repl-diskless-sync", "yes", yesNo());
        param("repl-diskless-sync-delay", "5", integer(0, INT_MAX));
        param("repl-diskless-load", "disabled", oneOf("disabled", "on-empty-db", "swapdb"));
        param("repl-disable-tcp-nodelay", "no", yesNo());
        param("replica-read-only", "yes", yesNo()).alias("slave-read-only");
        param("replica-serve-stale-data", "yes", yesNo()).alias("slave-serve-stale-data");
        param("replica-lazy-flush", "no", yesNo()).alias("slave-lazy-flush");
        param("replica-ignore-maxmemory", "yes", yesNo()).alias("slave-ignore-maxmemory");
        param("replica-priority", "100", integer(0, INT_MAX)).alias("slave-priority");
        param("replica-announce-ip", "", anyString()).alias("slave-announce-ip");
        param("replica-announce-port", "0", integer(0, 65535)).alias("slave-announce-port");
        param("min-replicas-to-write", "0", integer(0, INT_MAX)).alias("min-slaves-to-write");
        param("min-replicas-max-lag", "10", integer(0, INT_MAX)).alias("min-slaves-max-lag");
    }

    private ConfigParameters() {
    }

    /** Every parameter, in a stable order. */
    public static List<ConfigParameter> all() {
        return Collections.unmodifiableList(ALL);
    }

    /** The parameter named {@code nameOrAlias} in any letter case, or null. */
    public static ConfigParameter lookup(String nameOrAlias) {
        return BY_NAME.get(nameOrAlias.toLowerCase(Locale.ROOT));
    }

    /** The parameter {@code name}, which must exist. */
    public static ConfigParameter named(String name) {
        ConfigParameter parameter = lookup(name);
        if (parameter == null) {
            throw new IllegalArgumentException("No configuration parameter " + name);
        }
        return parameter;
    }

    private static Entry param(String name, String defaultValue, ValueParser parser) {
        return new Entry(name, defaultValue, parser);
    }

    /** Collects one row of the table; each modifier replaces the row it registered. */
    private static final class Entry {
        private final String name;
        private final String defaultValue;
        private final ValueParser parser;
        private final List<String> aliases = new ArrayList<>();
        private Mutability mutability = Mutability.MUTABLE;
        private boolean listValued;
        private ConfigParameter registered;

        Entry(String name, String defaultValue, ValueParser parser) {
            this.name = name;
            this.defaultValue = defaultValue;
            this.parser = parser;
            register();
        }

        Entry immutable() {
            mutability = Mutability.IMMUTABLE;
            return register();
        }

        Entry protectedConfig() {
            mutability = Mutability.PROTECTED;
            return register();
        }

        Entry listValued() {
            listValued = true;
            return register();
        }

        Entry alias(String alias) {
            aliases.add(alias);
            return register();
        }

        private Entry register() {
            ConfigParameter parameter = new ConfigParameter(name, List.copyOf(aliases), defaultValue, mutability,
                    parser, listValued);
            if (registered == null) {
                ALL.add(parameter);
            } else {
                ALL.set(ALL.indexOf(registered), parameter);
            }
            registered = parameter;
            BY_NAME.put(name, parameter);
            aliases.forEach(alias -> BY_NAME.put(alias, parameter));
            return this;
        }
    }
}
