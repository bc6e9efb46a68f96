package dev.cinnabar;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Translates Redis-style command-line options into Spring properties, so that
 * {@code --port 6380}, {@code --port=6380} and {@code --cinnabar.port=6380} all set the
 * same property. As with redis-server, an option takes every following argument up to
 * the next {@code --option} ({@code --bind 127.0.0.1 ::1}). Options containing a dot are
 * Spring properties and pass through unchanged; any other unknown option is an error.
 */
public final class RedisStyleArguments {

    /** Redis option name → Cinnabar property name (relative to {@code cinnabar.}). */
    private static final Map<String, String> OPTIONS = new TreeMap<>();

    static {
        for (String option : List.of("port", "bind", "databases", "dir", "dbfilename", "replicaof", "masterauth",
                "masteruser", "requirepass", "appendonly", "appenddirname", "appendfilename", "appendfsync",
                "save", "maxclients", "timeout", "tcp-keepalive", "proto-max-bulk-len",
                "client-query-buffer-limit", "hz", "maxmemory", "maxmemory-policy", "notify-keyspace-events")) {
            OPTIONS.put(option, option);
        }
        OPTIONS.put("slaveof", "replicaof");
    }

    private RedisStyleArguments() {
    }

    public static String[] translate(String[] args) {
        List<String> translated = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException(badDirective(arg, "Unexpected argument (configuration files are not supported)"));
            }
            String name = arg.substring(2);
            String value = null;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            }
            if (name.contains(".")) {
                translated.add(arg);
                continue;
            }
            String property = OPTIONS.get(name.toLowerCase());
            if (property == null) {
                throw new IllegalArgumentException(badDirective(arg, "Bad directive or wrong number of arguments"));
            }
            if (value == null) {
                List<String> words = new ArrayList<>();
                while (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                    words.add(args[++i]);
                }
                if (words.isEmpty()) {
                    throw new IllegalArgumentException(badDirective(arg, "wrong number of arguments"));
                }
                value = String.join(property.equals("bind") ? "," : " ", words);
            }
            if (property.equals("bind")) {
                value = String.join(",", value.trim().split("[\\s,]+"));
            }
            translated.add("--cinnabar." + property + "=" + value);
        }
        return translated.toArray(String[]::new);
    }

    private static String badDirective(String argument, String problem) {
        return "\n*** FATAL CONFIG FILE ERROR (Cinnabar) ***\n"
                + "Reading the configuration from the command line\n"
                + ">>> '" + argument + "'\n"
                + problem;
    }
}
