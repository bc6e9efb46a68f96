package dev.cinnabar.command;

import dev.cinnabar.protocol.Ascii;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.stereotype.Component;
import org.springframework.util.ClassUtils;

import java.lang.invoke.CallSite;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every command, built once at start-up from the {@link CommandFamily} beans: each
 * {@link RedisCommand} method is bound to a {@link CommandHandler} lambda, so dispatch
 * never uses reflection. Lookup by name is case-insensitive and allocates nothing.
 */
@Component
public class CommandRegistry implements SmartInitializingSingleton {

    private static final MethodType HANDLER_SIGNATURE = MethodType.methodType(void.class, CommandContext.class);

    private final ApplicationContext context;
    private final Map<String, CommandSpec> commands = new TreeMap<>();
    /** Containers created with a generic summary because a subcommand came before any declaration. */
    private final Set<String> placeholderContainers = new HashSet<>();
    private CommandSpec[] table = new CommandSpec[0];
    private byte[][] tableNames = new byte[0][];
    /** Every command and subcommand by its ACL id. */
    private CommandSpec[] byAclId = new CommandSpec[0];

    public CommandRegistry(ApplicationContext context) {
        this.context = context;
    }

    @Override
    public void afterSingletonsInstantiated() {
        for (Object bean : context.getBeansWithAnnotation(CommandFamily.class).values()) {
            register(bean);
        }
        buildLookupTable();
    }

    /** Registers the commands of one family bean; public so that unit tests can build a registry. */
    public void register(Object family) {
        Class<?> type = ClassUtils.getUserClass(family);
        CommandFamily familyAnnotation = AnnotatedElementUtils.findMergedAnnotation(type, CommandFamily.class);
        String group = familyAnnotation == null ? "generic" : familyAnnotation.group();
        for (CommandContainer declared : type.getAnnotationsByType(CommandContainer.class)) {
            putReplacingPlaceholder(declared.name(),
                    CommandSpec.container(declared.name(), group, declared.summary(), declared.since()));
        }
        for (Method method : type.getDeclaredMethods()) {
            RedisCommand annotation = method.getAnnotation(RedisCommand.class);
            if (annotation == null) {
                continue;
            }
            CommandSpec spec = specOf(annotation, group, bind(family, type, method));
            String fullName = spec.fullName();
            int bar = fullName.indexOf('|');
            if (bar < 0) {
                putReplacingPlaceholder(fullName, spec);
            } else {
                String containerName = fullName.substring(0, bar);
                commands.computeIfAbsent(containerName, name -> {
                    placeholderContainers.add(name);
                    return CommandSpec.container(name, group);
                }).addSubcommand(spec);
            }
        }
        buildLookupTable();
    }

    /**
     * Registers a command under a name that must be new, except that it may replace the
     * placeholder container created for subcommands seen first: COMMAND is both a command
     * and the container of COMMAND INFO, and a declared container replaces the generic one.
     */
    private void putReplacingPlaceholder(String name, CommandSpec spec) {
        CommandSpec existing = commands.get(name);
        if (existing != null) {
            if (!placeholderContainers.remove(name)) {
                throw new IllegalStateException("Command " + name + " is registered twice");
            }
            spec.adoptSubcommands(existing);
        }
        commands.put(name, spec);
    }

    private static CommandSpec specOf(RedisCommand annotation, String group, CommandHandler handler) {
        int flags = 0;
        for (CommandFlag flag : annotation.flags()) {
            flags |= flag.bit();
        }
        int extraCategories = 0;
        for (String category : annotation.categories()) {
            extraCategories |= AclCategory.named(category).bit();
        }
        return new CommandSpec(annotation.name().toLowerCase(), group, annotation.arity(), flags,
                extraCategories, annotation.firstKey(), annotation.lastKey(), annotation.keyStep(),
                annotation.summary(), annotation.since(), annotation.complexity(), List.of(annotation.tips()),
                List.of(annotation.keySpecFlags()), handler);
    }

    private static CommandHandler bind(Object bean, Class<?> type, Method method) {
        if (!Modifier.isPublic(method.getModifiers()) || method.getReturnType() != void.class
                || method.getParameterCount() != 1 || method.getParameterTypes()[0] != CommandContext.class) {
            throw new IllegalStateException("@RedisCommand method " + method
                    + " must be public and take (CommandContext) returning void");
        }
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
            MethodHandle target = lookup.unreflect(method);
            CallSite site = LambdaMetafactory.metafactory(lookup, "execute",
                    MethodType.methodType(CommandHandler.class, type), HANDLER_SIGNATURE, target, HANDLER_SIGNATURE);
            return (CommandHandler) site.getTarget().invoke(bean);
        } catch (Throwable e) {
            throw new IllegalStateException("Cannot bind " + method, e);
        }
    }

    /** The command named by {@code name} in any letter case, or null. */
    public CommandSpec lookup(byte[] name) {
        if (table.length == 0) {
            return null;
        }
        int mask = table.length - 1;
        for (int slot = caseInsensitiveHash(name) & mask; table[slot] != null; slot = (slot + 1) & mask) {
            if (equalsLowerCase(tableNames[slot], name)) {
                return table[slot];
            }
        }
        return null;
    }

    public CommandSpec lookup(String name) {
        return lookup(Ascii.bytes(name));
    }

    /** Top-level commands (containers included), sorted by name. */
    public Collection<CommandSpec> commands() {
        return Collections.unmodifiableCollection(commands.values());
    }

    /** Every executable command: top-level ones and subcommands. */
    public List<CommandSpec> executableCommands() {
        List<CommandSpec> all = new ArrayList<>();
        for (CommandSpec spec : commands.values()) {
            if (spec.handler() != null) {
                all.add(spec);
            }
            all.addAll(spec.subcommands());
        }
        return all;
    }

    /** CONFIG RESETSTAT. */
    public void resetStats() {
        for (CommandSpec spec : commands.values()) {
            spec.resetStats();
            spec.subcommands().forEach(CommandSpec::resetStats);
        }
    }

    private void buildLookupTable() {
        int capacity = Integer.highestOneBit(Math.max(commands.size(), 1) * 4);
        CommandSpec[] specs = new CommandSpec[capacity];
        byte[][] names = new byte[capacity][];
        for (CommandSpec spec : commands.values()) {
            byte[] name = Ascii.bytes(spec.fullName());
            int slot = caseInsensitiveHash(name) & (capacity - 1);
            while (specs[slot] != null) {
                slot = (slot + 1) & (capacity - 1);
            }
            specs[slot] = spec;
            names[slot] = name;
        }
        tableNames = names;
        table = specs;
        assignAclIds();
    }

    /** Numbers containers, commands and subcommands in name order, for the ACL's command bitsets. */
    private void assignAclIds() {
        List<CommandSpec> all = new ArrayList<>();
        for (CommandSpec spec : commands.values()) {
            all.add(spec);
            all.addAll(spec.subcommands());
        }
        for (int id = 0; id < all.size(); id++) {
            all.get(id).aclId(id);
        }
        byAclId = all.toArray(CommandSpec[]::new);
    }

    /** How many ACL ids there are: every command, container and subcommand has one. */
    public int aclIdCount() {
        return byAclId.length;
    }

    /** The command or subcommand with this ACL id. */
    public CommandSpec byAclId(int id) {
        return byAclId[id];
    }

    private static int caseInsensitiveHash(byte[] name) {
        int h = 0x811C9DC5;
        for (byte b : name) {
            h = (h ^ Ascii.toLower(b)) * 0x01000193;
        }
        return h ^ (h >>> 16);
    }

    private static boolean equalsLowerCase(byte[] lowerCaseName, byte[] candidate) {
        if (lowerCaseName.length != candidate.length) {
            return false;
        }
        for (int i = 0; i < candidate.length; i++) {
            if (lowerCaseName[i] != Ascii.toLower(candidate[i])) {
                return false;
            }
        }
        return true;
    }
}
