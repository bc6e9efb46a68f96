package dev.cinnabar.config;

import java.util.List;

/**
 * One Redis configuration parameter as Cinnabar accepts it: its Redis name and aliases,
 * its default in the form CONFIG GET shows it, whether CONFIG SET may change it, and the
 * parser that validates a value with Redis's error text and canonicalises it. Its
 * start-up property is {@code cinnabar.<name>}.
 */
public final class ConfigParameter {

    /** Whether CONFIG SET may change a parameter, and Redis's reason when it may not. */
    public enum Mutability {
        MUTABLE(null),
        IMMUTABLE("can't set immutable config"),
        /** Redis refuses these unless {@code enable-protected-configs} is on, which Cinnabar does not offer. */
        PROTECTED("can't set protected config");

        private final String refusal;

        Mutability(String refusal) {
            this.refusal = refusal;
        }

        public String refusal() {
            return refusal;
        }
    }

    /** Validates and canonicalises a value; some parameters merge it into the current one. */
    @FunctionalInterface
    public interface ValueParser {

        /**
         * @return the value as CONFIG GET shows it
         * @throws InvalidConfigValueException with Redis's reason
         */
        String parse(String raw, String current);
    }

    private final String name;
    private final List<String> aliases;
    private final String defaultValue;
    private final Mutability mutability;
    private final ValueParser parser;
    private final boolean listValued;

    ConfigParameter(String name, List<String> aliases, String defaultValue, Mutability mutability,
                    ValueParser parser, boolean listValued) {
        this.name = name;
        this.aliases = aliases;
        this.defaultValue = defaultValue;
        this.mutability = mutability;
        this.parser = parser;
        this.listValued = listValued;
    }

    public String name() {
        return name;
    }

    public List<String> aliases() {
        return aliases;
    }

    /** The default as CONFIG GET shows it (before {@link #normalize}, e.g. an empty {@code dir}). */
    public String defaultValue() {
        return defaultValue;
    }

    public Mutability mutability() {
        return mutability;
    }

    /** The Spring property that holds this parameter's start-up value. */
    public String property() {
        return "cinnabar." + name;
    }

    /** Validates {@code raw} and returns it as CONFIG GET shows it. */
    public String normalize(String raw, String current) {
        return parser.parse(raw, current);
    }

    /** A canonical value in the form Spring binds to {@link CinnabarProperties} (lists comma-separated). */
    public String propertyValue(String value) {
        if (!listValued) {
            return value;
        }
        String trimmed = value.trim();
        return trimmed.isEmpty() ? "" : String.join(",", trimmed.split("\\s+"));
    }

    @Override
    public String toString() {
        return name;
    }
}
