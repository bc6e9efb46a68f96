package dev.cinnabar.config;

import dev.cinnabar.command.Numbers;
import dev.cinnabar.config.ConfigParameter.ValueParser;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The value syntaxes of Redis's configuration parameters, with Redis's error reasons. */
final class ValueParsers {

    private ValueParsers() {
    }

    static ValueParser yesNo() {
        return (raw, current) -> {
            if (raw.equalsIgnoreCase("yes")) {
                return "yes";
            }
            if (raw.equalsIgnoreCase("no")) {
                return "no";
            }
            throw new InvalidConfigValueException("argument must be 'yes' or 'no'");
        };
    }

    static ValueParser integer(long min, long max) {
        return (raw, current) -> {
            Long value = Numbers.parseLong(raw.getBytes(StandardCharsets.US_ASCII));
            if (value == null) {
                throw new InvalidConfigValueException("argument couldn't be parsed into an integer");
            }
            return Long.toString(inRange(value, min, max));
        };
    }

    static ValueParser memory(long min, long max) {
        return (raw, current) -> Long.toString(inRange(parseMemory(raw), min, max));
    }

    static ValueParser oneOf(String... values) {
        String reason = "argument(s) must be one of the following: " + String.join(", ", values);
        return (raw, current) -> {
            for (String value : values) {
                if (value.equalsIgnoreCase(raw)) {
                    return value;
                }
            }
            throw new InvalidConfigValueException(reason);
        };
    }

    static ValueParser anyString() {
        return (raw, current) -> raw;
    }

    /** A name inside {@code dir}: Redis refuses paths for these. */
    static ValueParser plainName(String reason) {
        return (raw, current) -> {
            if (raw.indexOf('/') >= 0) {
                throw new InvalidConfigValueException(reason);
            }
            return raw;
        };
    }

    /** The data directory, shown absolute; empty means the process's working directory. */
    static ValueParser directory() {
        return (raw, current) -> (raw.isBlank() ? Path.of("") : Path.of(raw)).toAbsolutePath().normalize().toString();
    }

    static ValueParser words() {
        return (raw, current) -> String.join(" ", split(raw));
    }

    /** {@code save}: "seconds changes" pairs, or empty to disable snapshots. */
    static ValueParser savePoints() {
        return (raw, current) -> {
            List<String> words = split(raw);
            if (words.size() % 2 != 0) {
                throw new InvalidConfigValueException("Invalid save parameters");
            }
            List<String> canonical = new ArrayList<>();
            for (String word : words) {
                Long value = Numbers.parseLong(word.getBytes(StandardCharsets.US_ASCII));
                if (value == null || value < 0) {
                    throw new InvalidConfigValueException("Invalid save parameters");
                }
                canonical.add(Long.toString(value));
            }
            return String.join(" ", canonical);
        };
    }

    /** {@code replicaof}: "host port", or empty / "no one" for a master. */
    static ValueParser masterAddress() {
        return (raw, current) -> {
            List<String> words = split(raw);
            if (words.isEmpty() || (words.size() == 2 && words.get(0).equalsIgnoreCase("no")
                    && words.get(1).equalsIgnoreCase("one"))) {
                return "";
            }
            if (words.size() != 2) {
                throw new InvalidConfigValueException("wrong number of arguments");
            }
            Long port = Numbers.parseLong(words.get(1).getBytes(StandardCharsets.US_ASCII));
            if (port == null || port < 0 || port > 65535) {
                throw new InvalidConfigValueException("Invalid master port");
            }
            return words.get(0) + " " + port;
        };
    }

    /**
     * {@code client-output-buffer-limit}: "class hard soft seconds" groups; classes not
     * named keep their current limits, and the value always lists all three classes.
     */
    static ValueParser clientOutputBufferLimit() {
        return (raw, current) -> {
            Map<String, String> limits = new LinkedHashMap<>();
            List<String> currentWords = split(current);
            for (int i = 0; i + 3 < currentWords.size(); i += 4) {
                limits.put(currentWords.get(i), String.join(" ", currentWords.subList(i + 1, i + 4)));
            }
            List<String> words = split(raw);
            if (words.isEmpty() || words.size() % 4 != 0) {
                throw new InvalidConfigValueException("Wrong number of arguments in buffer limit configuration.");
            }
            Map<String, String> updates = new LinkedHashMap<>();
            for (int i = 0; i < words.size(); i += 4) {
                String clientClass = switch (words.get(i).toLowerCase(Locale.ROOT)) {
                    case "normal" -> "normal";
                    case "slave", "replica" -> "slave";
                    case "pubsub" -> "pubsub";
                    default -> throw new InvalidConfigValueException(
                            "Invalid client class specified in buffer limit configuration.");
                };
                long hard;
                long soft;
                Long seconds = Numbers.parseLong(words.get(i + 3).getBytes(StandardCharsets.US_ASCII));
                try {
                    hard = parseMemory(words.get(i + 1));
                    soft = parseMemory(words.get(i + 2));
                } catch (InvalidConfigValueException e) {
                    seconds = null;
                    hard = soft = 0;
                }
                if (seconds == null || seconds < 0) {
                    throw new InvalidConfigValueException(
                            "Error in hard, soft or soft_seconds setting in buffer limit configuration.");
                }
                updates.put(clientClass, hard + " " + soft + " " + seconds);
            }
            limits.putAll(updates);
            List<String> canonical = new ArrayList<>();
            for (String clientClass : List.of("normal", "slave", "pubsub")) {
                canonical.add(clientClass + " " + limits.getOrDefault(clientClass, "0 0 0"));
            }
            return String.join(" ", canonical);
        };
    }

    /** {@code notify-keyspace-events}: class characters, shown in Redis's canonical order. */
    static ValueParser keyspaceEventClasses() {
        return (raw, current) -> KeyspaceEventClasses.canonical(raw);
    }

    /**
     * Redis's memory values: a non-negative integer with an optional unit, k=1000,
     * kb=1024, m, mb, g, gb (any case).
     */
    static long parseMemory(String raw) {
        String text = raw.toLowerCase(Locale.ROOT);
        int digitsEnd = 0;
        while (digitsEnd < text.length() && Character.isDigit(text.charAt(digitsEnd))) {
            digitsEnd++;
        }
        long multiplier = switch (text.substring(digitsEnd)) {
            case "", "b" -> 1;
            case "k" -> 1000;
            case "kb" -> 1024;
            case "m" -> 1000L * 1000;
            case "mb" -> 1024L * 1024;
            case "g" -> 1000L * 1000 * 1000;
            case "gb" -> 1024L * 1024 * 1024;
            default -> 0;
        };
        Long number = digitsEnd == 0 ? null
                : Numbers.parseLong(text.substring(0, digitsEnd).getBytes(StandardCharsets.US_ASCII));
        if (multiplier == 0 || number == null || number > Long.MAX_VALUE / multiplier) {
            throw new InvalidConfigValueException("argument must be a memory value");
        }
        return number * multiplier;
    }

    private static long inRange(long value, long min, long max) {
        if (value < min || value > max) {
            throw new InvalidConfigValueException("argument must be between " + min + " and " + max + " inclusive");
        }
        return value;
    }

    private static List<String> split(String raw) {
        String trimmed = raw.trim();
        return trimmed.isEmpty() ? List.of() : List.of(trimmed.split("\\s+"));
    }
}
