package dev.cinnabar.config;

import dev.cinnabar.command.GlobPattern;
import dev.cinnabar.protocol.ErrorReplyException;
import dev.cinnabar.protocol.RespLimits;
import org.springframework.stereotype.Component;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The live value of every parameter of {@link ConfigParameters}, starting from the
 * start-up {@link CinnabarProperties}; CONFIG GET reads it and CONFIG SET changes it. The
 * values are an immutable map replaced as a whole, so a multi-parameter CONFIG SET is
 * seen by other threads all at once or not at all.
 */
@Component
public class RuntimeConfig {

    /** A change to one parameter, delivered after a CONFIG SET took effect. */
    private record Listener(ConfigParameter parameter, Consumer<String> onChange) {
    }

    private final CinnabarProperties startup;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile Map<ConfigParameter, String> values;
    private volatile RespLimits respLimits;
    private volatile int maxclients;

    public RuntimeConfig(CinnabarProperties startup) {
        this.startup = startup;
        Map<ConfigParameter, String> initial = new LinkedHashMap<>();
        Map<ConfigParameter, Object> startupValues = startupValues(startup);
        for (ConfigParameter parameter : ConfigParameters.all()) {
            String raw = display(startupValues.get(parameter));
            try {
                initial.put(parameter, parameter.normalize(raw, parameter.defaultValue()));
            } catch (InvalidConfigValueException e) {
                throw new IllegalArgumentException("Invalid value '" + raw + "' for " + parameter.property() + ": "
                        + e.getMessage(), e);
            }
        }
        install(Collections.unmodifiableMap(initial));
    }

    /** Reads every record component by its parameter name; fails if the record and the table differ. */
    private static Map<ConfigParameter, Object> startupValues(CinnabarProperties startup) {
        Map<ConfigParameter, Object> byParameter = new HashMap<>();
        for (RecordComponent component : CinnabarProperties.class.getRecordComponents()) {
            ConfigParameter parameter = ConfigParameters.lookup(kebabCase(component.getName()));
            if (parameter == null || !parameter.name().equals(kebabCase(component.getName()))) {
                throw new IllegalStateException("CinnabarProperties." + component.getName()
                        + " has no parameter in ConfigParameters");
            }
            try {
                byParameter.put(parameter, component.getAccessor().invoke(startup));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        for (ConfigParameter parameter : ConfigParameters.all()) {
            if (!byParameter.containsKey(parameter)) {
                throw new IllegalStateException("Parameter " + parameter + " has no component in CinnabarProperties");
            }
        }
        return byParameter;
    }

    static String kebabCase(String camelCase) {
        StringBuilder kebab = new StringBuilder();
        for (char c : camelCase.toCharArray()) {
            if (Character.isUpperCase(c)) {
                kebab.append('-').append(Character.toLowerCase(c));
            } else {
                kebab.append(c);
            }
        }
        return kebab.toString();
    }

    private static String display(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Boolean enabled) {
            return enabled ? "yes" : "no";
        }
        if (value instanceof List<?> list) {
            return String.join(" ", list.stream().map(String::valueOf).toList());
        }
        return value.toString();
    }

    private void install(Map<ConfigParameter, String> newValues) {
        values = newValues;
        RespLimits fixedLimits = respLimits == null ? RespLimits.REDIS_DEFAULTS : respLimits;
        respLimits = new RespLimits(longValue("proto-max-bulk-len"), fixedLimits.maxMultibulkLength(),
                fixedLimits.maxInlineLength(), longValue("client-query-buffer-limit"));
        maxclients = (int) longValue("maxclients");
    }

    /** Records the port actually bound, so that {@code port 0} shows the port the system picked. */
    public synchronized void listeningOn(int port) {
        Map<ConfigParameter, String> updated = new LinkedHashMap<>(values);
        updated.put(ConfigParameters.named("port"), Integer.toString(port));
        install(Collections.unmodifiableMap(updated));
    }

    public CinnabarProperties startup() {
        return startup;
    }

    /** The current value of a parameter (name or alias) as CONFIG GET shows it, or null if there is none. */
    public String get(String nameOrAlias) {
        ConfigParameter parameter = ConfigParameters.lookup(nameOrAlias);
        return parameter == null ? null : values.get(parameter);
    }

    public long longValue(String name) {
        return Long.parseLong(values.get(ConfigParameters.named(name)));
    }

    /** A yes/no parameter. */
    public boolean isEnabled(String name) {
        return values.get(ConfigParameters.named(name)).equals("yes");
    }

    public RespLimits respLimits() {
        return respLimits;
    }

    public int maxclients() {
        return maxclients;
    }

    /** The data directory as an absolute path; the process's working directory by default. */
    public String dir() {
        return values.get(ConfigParameters.named("dir"));
    }

    /** Calls {@code onChange} with the new value each time CONFIG SET changes {@code name}. */
    public void onChange(String name, Consumer<String> onChange) {
        listeners.add(new Listener(ConfigParameters.named(name), onChange));
    }

    /**
     * CONFIG GET: the parameters matching any of {@code patterns} (Redis globs, any letter
     * case), each once, as name → value. A pattern without glob characters names one
     * parameter or alias and is answered under the name as given.
     */
    public Map<String, String> matching(List<String> patterns) {
        Map<ConfigParameter, String> current = values;
        Map<String, String> result = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (String pattern : patterns) {
            if (!containsGlob(pattern)) {
                ConfigParameter parameter = ConfigParameters.lookup(pattern);
                if (parameter != null && seen.add(pattern.toLowerCase(Locale.ROOT))) {
                    result.put(pattern, current.get(parameter));
                }
                continue;
            }
            GlobPattern glob = GlobPattern.ignoringCase(pattern);
            for (ConfigParameter parameter : ConfigParameters.all()) {
                List<String> names = new ArrayList<>();
                names.add(parameter.name());
                names.addAll(parameter.aliases());
                for (String name : names) {
                    if (glob.matches(name) && seen.add(name)) {
                        result.put(name, current.get(parameter));
                    }
                }
            }
        }
        return result;
    }

    private static boolean containsGlob(String pattern) {
        return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0 || pattern.indexOf('[') >= 0;
    }

    /**
     * CONFIG SET: changes every named parameter or none, checking them in Redis's order
     * (unknown names, then mutability and duplicates, then values).
     *
     * @param namesAndValues name, value, name, value, ...
     * @throws ErrorReplyException with Redis's error line
     */
    public void set(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new ErrorReplyException("ERR syntax error");
        }
        List<ConfigParameter> parameters = new ArrayList<>();
        String unknown = null;
        for (int i = 0; i < namesAndValues.length; i += 2) {
            String name = namesAndValues[i];
            ConfigParameter parameter = ConfigParameters.lookup(name);
            if (parameter == null) {
                unknown = unknown == null ? name : unknown;
                continue;
            }
            if (unknown != null) {
                continue;
            }
            if (parameter.mutability().refusal() != null) {
                throw setFailed(name, parameter.mutability().refusal());
            }
            if (parameters.contains(parameter)) {
                throw setFailed(name, "duplicate parameter");
            }
            parameters.add(parameter);
        }
        if (unknown != null) {
            throw new ErrorReplyException("ERR Unknown option or number of arguments for CONFIG SET - '" + unknown + "'");
        }
        synchronized (this) {
            Map<ConfigParameter, String> updated = new LinkedHashMap<>(values);
            for (int i = 0; i < parameters.size(); i++) {
                ConfigParameter parameter = parameters.get(i);
                try {
                    updated.put(parameter, parameter.normalize(namesAndValues[2 * i + 1], updated.get(parameter)));
                } catch (InvalidConfigValueException e) {
                    throw setFailed(namesAndValues[2 * i], e.getMessage());
                }
            }
            install(Collections.unmodifiableMap(updated));
        }
        for (Listener listener : listeners) {
            if (parameters.contains(listener.parameter())) {
                listener.onChange().accept(values.get(listener.parameter()));
            }
        }
    }

    private static ErrorReplyException setFailed(String argument, String reason) {
        return new ErrorReplyException("ERR CONFIG SET failed (possibly related to argument '" + argument + "') - "
                + reason);
    }
}
