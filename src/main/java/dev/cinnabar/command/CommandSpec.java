package dev.cinnabar.command;

import dev.cinnabar.protocol.Ascii;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything known about one command: its metadata (from {@link RedisCommand}), its bound
 * handler, its subcommands if it is a container such as CONFIG, and its call statistics.
 * The statistics are written only on the keyspace thread.
 */
public final class CommandSpec {

    private final String name;
    private final String fullName;
    private final String group;
    private final int arity;
    private final int flags;
    private final int categories;
    private final int firstKey;
    private final int lastKey;
    private final int keyStep;
    private final String summary;
    private final String since;
    private final String complexity;
    private final List<String> tips;
    private final List<String> keySpecFlags;
    private final CommandHandler handler;
    private final Map<String, CommandSpec> subcommands = new LinkedHashMap<>();
    /** Runs at once even inside MULTI instead of being queued, as Redis's multi.c decides. */
    private final boolean bypassesQueue;
    private final boolean allowedWhileSubscribed;
    /** Position of the command in the ACL's per-user command bitsets; given by the registry. */
    private int aclId = -1;

    long calls;
    long nanos;
    long rejectedCalls;
    long failedCalls;

    CommandSpec(String fullName, String group, int arity, int flags, int extraCategories, int firstKey,
                int lastKey, int keyStep, String summary, String since, String complexity,
                List<String> tips, List<String> keySpecFlags, CommandHandler handler) {
        this.fullName = fullName;
        int bar = fullName.indexOf('|');
        this.name = bar < 0 ? fullName : fullName.substring(bar + 1);
        this.group = group;
        this.arity = arity;
        this.flags = flags;
        // Redis gives a pure container (CONFIG, CLIENT, MEMORY) no category but @slow.
        AclCategory groupCategory = handler == null ? null : AclCategory.ofGroup(group);
        this.categories = AclCategory.impliedBy(flags) | extraCategories
                | (groupCategory == null ? 0 : groupCategory.bit());
        this.firstKey = firstKey;
        this.lastKey = lastKey;
        this.keyStep = keyStep;
        this.summary = summary;
        this.since = since;
        this.complexity = complexity;
        this.tips = List.copyOf(tips);
        this.keySpecFlags = List.copyOf(keySpecFlags);
        this.handler = handler;
        this.bypassesQueue = Set.of("exec", "discard", "multi", "watch", "quit", "reset").contains(fullName);
        this.allowedWhileSubscribed = Set.of("subscribe", "unsubscribe", "psubscribe", "punsubscribe", "ssubscribe",
                "sunsubscribe", "ping", "quit", "reset").contains(fullName);
    }

    /** True for the commands MULTI does not queue: EXEC, DISCARD, MULTI, WATCH, QUIT, RESET. */
    public boolean bypassesTransactionQueue() {
        return bypassesQueue;
    }

    /** True for the commands a client in subscribed mode may send: (P|S)(UN)SUBSCRIBE, PING, QUIT, RESET. */
    public boolean allowedWhileSubscribed() {
        return allowedWhileSubscribed;
    }

    /** A container command (CONFIG, CLIENT, ...) that only dispatches to its subcommands. */
    static CommandSpec container(String name, String group) {
        return container(name, group, "A container for " + name.toUpperCase() + " commands.", "2.0.0");
    }

    /** A container with the summary and version Redis documents for it ({@link CommandContainer}). */
    static CommandSpec container(String name, String group, String summary, String since) {
        return new CommandSpec(name, group, -2, 0, 0, 0, 0, 0, summary, since, "Depends on subcommand.",
                List.of(), List.of(), null);
    }

    /** The name alone: {@code get}, or {@code get} for {@code config|get}. */
    public String name() {
        return name;
    }

    /** The name Redis uses in errors and statistics: {@code get}, {@code config|get}. */
    public String fullName() {
        return fullName;
    }

    public String group() {
        return group;
    }

    public int arity() {
        return arity;
    }

    public boolean hasFlag(CommandFlag flag) {
        return (flags & flag.bit()) != 0;
    }

    public List<String> flagNames() {
        List<String> names = new ArrayList<>();
        for (CommandFlag flag : CommandFlag.values()) {
            if (hasFlag(flag)) {
                names.add(flag.wireName());
            }
        }
        return names;
    }

    public int categories() {
        return categories;
    }

    public boolean inCategory(AclCategory category) {
        return (categories & category.bit()) != 0;
    }

    public int firstKey() {
        return firstKey;
    }

    public int lastKey() {
        return lastKey;
    }

    public int keyStep() {
        return keyStep;
    }

    public String summary() {
        return summary;
    }

    public String since() {
        return since;
    }

    public String complexity() {
        return complexity;
    }

    /** COMMAND INFO's tips, such as {@code nondeterministic_output}. */
    public List<String> tips() {
        return tips;
    }

    /** The flags of the command's key specification ({@code RO}, {@code access}, ...); empty if not declared. */
    public List<String> keySpecFlags() {
        return keySpecFlags;
    }

    /** The command's bit in an ACL user's allowed-command set, 0 .. {@link CommandRegistry#aclIdCount()} - 1. */
    public int aclId() {
        return aclId;
    }

    void aclId(int aclId) {
        this.aclId = aclId;
    }

    public CommandHandler handler() {
        return handler;
    }

    /** True if the command has subcommands (CONFIG, CLIENT, and COMMAND, which also runs on its own). */
    public boolean isContainer() {
        return !subcommands.isEmpty() || handler == null;
    }

    public Collection<CommandSpec> subcommands() {
        return Collections.unmodifiableCollection(subcommands.values());
    }

    public CommandSpec subcommand(byte[] name) {
        return subcommands.isEmpty() ? null : subcommands.get(Ascii.lowerCase(name));
    }

    void addSubcommand(CommandSpec subcommand) {
        subcommands.put(subcommand.name(), subcommand);
    }

    /** Takes over the subcommands registered under a placeholder container of the same name. */
    void adoptSubcommands(CommandSpec placeholder) {
        subcommands.putAll(placeholder.subcommands);
    }

    /** True if a request of {@code argumentCount} arguments, the name included, has the right arity. */
    public boolean arityAccepts(int argumentCount) {
        return arity >= 0 ? argumentCount == arity : argumentCount >= -arity;
    }

    public long calls() {
        return calls;
    }

    public long microseconds() {
        return nanos / 1000;
    }

    public long nanos() {
        return nanos;
    }

    public long rejectedCalls() {
        return rejectedCalls;
    }

    public long failedCalls() {
        return failedCalls;
    }

    void resetStats() {
        calls = 0;
        nanos = 0;
        rejectedCalls = 0;
        failedCalls = 0;
    }
}
