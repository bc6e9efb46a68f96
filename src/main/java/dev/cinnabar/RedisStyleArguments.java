package dev.cinnabar;

import dev.cinnabar.config.ConfigParameter;
import dev.cinnabar.config.ConfigParameters;
import dev.cinnabar.config.InvalidConfigValueException;

import java.util.ArrayList;
import java.util.List;

/**
 * Translates Redis-style command-line options into Spring properties, so that
 * {@code --port 6380}, {@code --port=6380} and {@code --cinnabar.port=6380} all set the
 * same property. Every parameter of {@link ConfigParameters} is accepted under its name
 * and aliases ({@code --slaveof} sets {@code cinnabar.replicaof}); values are checked and
 * canonicalised as redis-server does ({@code --maxmemory 1gb} becomes bytes). As with
 * redis-server, an option takes every following argument up to the next {@code --option}
 * ({@code --bind 127.0.0.1 ::1}, {@code --save 900 1}). Options containing a dot are
 * Spring properties and pass through unchanged; any other unknown option is an error.
 * {@code --user "alice on >secret ~* +@all"} declares an ACL user, as redis.conf's
 * {@code user} lines do.
 */
public final class RedisStyleArguments {

    private RedisStyleArguments() {
    }

    /**
     * @throws IllegalArgumentException naming the offending option, in redis-server's words
     */
    public static String[] translate(String[] args) {
        List<String> translated = new ArrayList<>();
        int userLines = 0;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException(fatal("'" + arg + "'",
                        "Unexpected argument (configuration files are not supported)"));
            }
            String name = arg.substring(2);
            List<String> words = new ArrayList<>();
            int equals = name.indexOf('=');
            if (equals >= 0) {
                words.add(name.substring(equals + 1));
                name = name.substring(0, equals);
            }
            if (name.contains(".")) {
                translated.add(arg);
                continue;
            }
            while (equals < 0 && i + 1 < args.length && !args[i + 1].startsWith("--")) {
                words.add(args[++i]);
            }
            String directive = directive(name, words);
            if (name.equals("user")) {
                // redis.conf's user directive: one ACL user per occurrence, as ACL SETUSER takes it.
                if (words.isEmpty()) {
                    throw new IllegalArgumentException(fatal(directive, "wrong number of arguments"));
                }
                translated.add("--cinnabar.acl.users[" + userLines++ + "]=" + String.join(" ", words));
                continue;
            }
            ConfigParameter parameter = ConfigParameters.lookup(name);
            if (parameter == null) {
                throw new IllegalArgumentException(fatal(directive, "Bad directive or wrong number of arguments"));
            }
            if (words.isEmpty()) {
                throw new IllegalArgumentException(fatal(directive, "wrong number of arguments"));
            }
            String value;
            try {
                value = parameter.normalize(String.join(" ", words), parameter.defaultValue());
            } catch (InvalidConfigValueException e) {
                throw new IllegalArgumentException(fatal(directive, e.getMessage()));
            }
            translated.add("--" + parameter.property() + "=" + parameter.propertyValue(value));
        }
        return translated.toArray(String[]::new);
    }

    /** The option as redis-server echoes it: {@code port "abc"}. */
    private static String directive(String name, List<String> words) {
        StringBuilder directive = new StringBuilder("'").append(name);
        for (String word : words) {
            directive.append(" \"").append(word).append('"');
        }
        return directive.append("'").toString();
    }

    private static String fatal(String directive, String problem) {
        return "\n*** FATAL CONFIG FILE ERROR (Cinnabar) ***\n"
                + "Reading the configuration from the command line\n"
                + ">>> " + directive + "\n"
                + problem;
    }
}
