package dev.cinnabar.acl;

import dev.cinnabar.command.AclCategory;
import dev.cinnabar.command.CommandFlag;
import dev.cinnabar.command.CommandRegistry;
import dev.cinnabar.command.CommandSpec;
import dev.cinnabar.command.GlobPattern;
import dev.cinnabar.protocol.Ascii;
import dev.cinnabar.protocol.CommandArgs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One set of permissions of a user, as Redis 7 keeps them: the commands allowed (a bitset
 * indexed by {@link CommandSpec#aclId()}), the key patterns with their read/write roles and
 * the channel patterns. A user has a root selector and any number of {@code (...)} ones.
 */
final class Selector {

    static final int READ = 1;
    static final int WRITE = 2;

    static final String KEY_PATTERN_AFTER_ALL = "Adding a pattern after the * pattern (or the 'allkeys' flag) is not "
            + "valid and does not have any effect. Try 'resetkeys' to start with an empty list of patterns";
    static final String CHANNEL_PATTERN_AFTER_ALL = "Adding a pattern after the * pattern (or the 'allchannels' flag) "
            + "is not valid and does not have any effect. Try 'resetchannels' to start with an empty list of channels";
    static final String UNKNOWN_COMMAND = "Unknown command or category name in ACL";
    static final String SYNTAX_ERROR = "Syntax error";

    /** A key pattern and the access it grants: {@link #READ}, {@link #WRITE} or both. */
    record KeyPattern(String pattern, GlobPattern glob, int roles) {
        KeyPattern withRoles(int more) {
            return new KeyPattern(pattern, glob, roles | more);
        }

        String describe() {
            return switch (roles) {
                case READ -> "%R~" + pattern;
                case WRITE -> "%W~" + pattern;
                default -> "~" + pattern;
            };
        }
    }

    /** A channel pattern; a PSUBSCRIBE pattern must equal it literally. */
    record ChannelPattern(String pattern, GlobPattern glob) {
    }

    private long[] commands;
    /** Redis's reserved "future commands" bit: set by +@all, so that describing starts with +@all. */
    private boolean allCommandsFlag;
    /** Arguments allowed after a command otherwise denied ({@code +select|0}), by ACL id. */
    private Map<Integer, Set<String>> firstArgs = new HashMap<>();
    private boolean allKeys;
    private List<KeyPattern> keyPatterns = new ArrayList<>();
    private boolean allChannels;
    private List<ChannelPattern> channelPatterns = new ArrayList<>();

    Selector(int commandCount) {
        commands = new long[(commandCount + 63) / 64];
    }

    Selector copy() {
        Selector copy = new Selector(0);
        copy.commands = commands.clone();
        copy.allCommandsFlag = allCommandsFlag;
        copy.firstArgs = new HashMap<>();
        firstArgs.forEach((id, args) -> copy.firstArgs.put(id, new HashSet<>(args)));
        copy.allKeys = allKeys;
        copy.keyPatterns = new ArrayList<>(keyPatterns);
        copy.allChannels = allChannels;
        copy.channelPatterns = new ArrayList<>(channelPatterns);
        return copy;
    }

    /** Applies one rule of ACL SETUSER that concerns commands, keys or channels. */
    void apply(String rule, CommandRegistry registry) {
        int words = (registry.aclIdCount() + 63) / 64;
        if (commands.length < words) {
            // The default user exists before the registry is complete.
            commands = Arrays.copyOf(commands, words);
        }
        String lower = rule.toLowerCase(Locale.ROOT);
        switch (lower) {
            case "allkeys" -> {
                allKeys = true;
                keyPatterns.clear();
            }
            case "resetkeys" -> {
                allKeys = false;
                keyPatterns.clear();
            }
            case "allchannels" -> {
                allChannels = true;
                channelPatterns.clear();
            }
            case "resetchannels" -> {
                allChannels = false;
                channelPatterns.clear();
            }
            case "allcommands", "+@all" -> {
                Arrays.fill(commands, -1L);
                allCommandsFlag = true;
                firstArgs.clear();
            }
            case "nocommands", "-@all" -> {
                Arrays.fill(commands, 0L);
                allCommandsFlag = false;
                firstArgs.clear();
            }
            default -> applyPatternOrCommand(rule, registry);
        }
    }

    private void applyPatternOrCommand(String rule, CommandRegistry registry) {
        char first = rule.isEmpty() ? 0 : rule.charAt(0);
        if (first == '~' || first == '%') {
            addKeyPattern(rule);
        } else if (first == '&') {
            addChannelPattern(rule.substring(1));
        } else if ((first == '+' || first == '-') && rule.length() > 1 && rule.charAt(1) == '@') {
            setCategory(rule.substring(2), first == '+', registry);
        } else if (first == '+' || first == '-') {
            setCommand(rule.substring(1), first == '+', registry);
        } else {
            throw new AclRuleException(SYNTAX_ERROR);
        }
    }

    private void addKeyPattern(String rule) {
        if (allKeys) {
            throw new AclRuleException(KEY_PATTERN_AFTER_ALL);
        }
        int roles = READ | WRITE;
        String pattern;
        if (rule.charAt(0) == '%') {
            int tilde = rule.indexOf('~');
            if (tilde < 2) {
                throw new AclRuleException(SYNTAX_ERROR);
            }
            roles = 0;
            for (int i = 1; i < tilde; i++) {
                switch (Character.toUpperCase(rule.charAt(i))) {
                    case 'R' -> roles |= READ;
                    case 'W' -> roles |= WRITE;
                    default -> throw new AclRuleException(SYNTAX_ERROR);
                }
            }
            pattern = rule.substring(tilde + 1);
        } else {
            pattern = rule.substring(1);
        }
        if (pattern.equals("*") && roles == (READ | WRITE)) {
            allKeys = true;
            keyPatterns.clear();
            return;
        }
        for (int i = 0; i < keyPatterns.size(); i++) {
            if (keyPatterns.get(i).pattern().equals(pattern)) {
                keyPatterns.set(i, keyPatterns.get(i).withRoles(roles));
                return;
            }
        }
        keyPatterns.add(new KeyPattern(pattern, GlobPattern.of(pattern), roles));
    }

    private void addChannelPattern(String pattern) {
        if (allChannels) {
            throw new AclRuleException(CHANNEL_PATTERN_AFTER_ALL);
        }
        if (pattern.equals("*")) {
            allChannels = true;
            channelPatterns.clear();
            return;
        }
        for (ChannelPattern existing : channelPatterns) {
            if (existing.pattern().equals(pattern)) {
                return;
            }
        }
        channelPatterns.add(new ChannelPattern(pattern, GlobPattern.of(pattern)));
    }

    private void setCategory(String name, boolean allow, CommandRegistry registry) {
        AclCategory category = categoryNamed(name);
        if (category == null) {
            throw new AclRuleException(UNKNOWN_COMMAND);
        }
        for (int id = 0; id < registry.aclIdCount(); id++) {
            CommandSpec spec = registry.byAclId(id);
            if (spec.inCategory(category)) {
                setBit(id, allow);
                if (!allow) {
                    firstArgs.remove(id);
                }
            }
        }
    }

    static AclCategory categoryNamed(String name) {
        for (AclCategory category : AclCategory.values()) {
            if (category.name().equalsIgnoreCase(name)) {
                return category;
            }
        }
        return null;
    }

    private void setCommand(String name, boolean allow, CommandRegistry registry) {
        int bar = name.indexOf('|');
        CommandSpec command = registry.lookup(bar < 0 ? name : name.substring(0, bar));
        if (command == null) {
            throw new AclRuleException(UNKNOWN_COMMAND);
        }
        if (bar < 0) {
            setCommandAndSubcommands(command, allow);
            return;
        }
        String argument = name.substring(bar + 1);
        if (argument.isEmpty() || argument.indexOf('|') >= 0) {
            throw new AclRuleException(SYNTAX_ERROR);
        }
        if (!command.subcommands().isEmpty()) {
            CommandSpec subcommand = command.subcommand(Ascii.bytes(argument));
            if (subcommand == null) {
                throw new AclRuleException(UNKNOWN_COMMAND);
            }
            setCommandAndSubcommands(subcommand, allow);
            return;
        }
        // A first argument of a command without subcommands (+select|0): only allowing is meaningful.
        if (!allow) {
            throw new AclRuleException(UNKNOWN_COMMAND);
        }
        if (!isSet(command.aclId())) {
            firstArgs.computeIfAbsent(command.aclId(), id -> new HashSet<>()).add(argument.toLowerCase(Locale.ROOT));
        }
    }

    private void setCommandAndSubcommands(CommandSpec command, boolean allow) {
        setBit(command.aclId(), allow);
        firstArgs.remove(command.aclId());
        for (CommandSpec subcommand : command.subcommands()) {
            setBit(subcommand.aclId(), allow);
        }
    }

    private void setBit(int id, boolean value) {
        if (value) {
            commands[id >>> 6] |= 1L << id;
        } else {
            commands[id >>> 6] &= ~(1L << id);
        }
    }

    boolean isSet(int id) {
        return (commands[id >>> 6] & (1L << id)) != 0;
    }

    /** True if every known command is allowed, on every key and channel: no check is needed. */
    boolean allowsEverything(int commandCount) {
        if (!allKeys || !allChannels) {
            return false;
        }
        for (int id = 0; id < commandCount; id++) {
            if (!isSet(id)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Checks one command against this selector: 0 if allowed, else {@link Permissions}'s
     * denial (command, or key / channel with the argument's position).
     */
    int check(CommandSpec spec, CommandArgs args, KeyAccess keyAccess) {
        // AUTH, HELLO, QUIT and RESET need no permission, as they need no authentication.
        if (!isSet(spec.aclId()) && !spec.hasFlag(CommandFlag.NO_AUTH) && !firstArgAllowed(spec, args)) {
            return Permissions.DENIED_COMMAND;
        }
        if (!allKeys) {
            int denied = keyAccess.firstDeniedKey(spec, args, this);
            if (denied >= 0) {
                return Permissions.denial(Permissions.DENIED_KEY, denied);
            }
        }
        if (!allChannels) {
            int denied = keyAccess.firstDeniedChannel(spec, args, this);
            if (denied >= 0) {
                return Permissions.denial(Permissions.DENIED_CHANNEL, denied);
            }
        }
        return Permissions.ALLOWED;
    }

    private boolean firstArgAllowed(CommandSpec spec, CommandArgs args) {
        if (firstArgs.isEmpty() || args.count() < 2) {
            return false;
        }
        Set<String> allowed = firstArgs.get(spec.aclId());
        return allowed != null && allowed.contains(new String(args.get(1), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT));
    }

    /** True if a pattern grants {@code roles} on {@code key} (roles 0: any pattern matching the key). */
    boolean keyAllowed(byte[] key, int roles) {
        if (allKeys) {
            return true;
        }
        for (KeyPattern pattern : keyPatterns) {
            if ((pattern.roles() & roles) == roles && pattern.glob().matches(key)) {
                return true;
            }
        }
        return false;
    }

    /** A channel (matched against the patterns) or a PSUBSCRIBE pattern (must equal one literally). */
    boolean channelAllowed(byte[] channel, boolean isPattern) {
        if (allChannels) {
            return true;
        }
        for (ChannelPattern pattern : channelPatterns) {
            if (isPattern ? pattern.pattern().equals(new String(channel, StandardCharsets.UTF_8))
                    : pattern.glob().matches(channel)) {
                return true;
            }
        }
        return false;
    }

    boolean allChannels() {
        return allChannels;
    }

    /** Keys as ACL GETUSER shows them: "~*", "~app:* %R~ro:*", or "". */
    String describeKeys() {
        if (allKeys) {
            return "~*";
        }
        List<String> parts = new ArrayList<>();
        keyPatterns.forEach(pattern -> parts.add(pattern.describe()));
        return String.join(" ", parts);
    }

    /** Channels as ACL GETUSER shows them: "&*", "&news*", or "". */
    String describeChannels() {
        if (allChannels) {
            return "&*";
        }
        List<String> parts = new ArrayList<>();
        channelPatterns.forEach(pattern -> parts.add("&" + pattern.pattern()));
        return String.join(" ", parts);
    }

    /**
     * The command rules as Redis describes them: +@all or -@all, then each category that
     * brings the description closer, then single commands that still differ.
     */
    String describeCommands(CommandRegistry registry) {
        int count = registry.aclIdCount();
        StringBuilder rules = new StringBuilder(allCommandsFlag ? "+@all" : "-@all");
        Selector fake = new Selector(count);
        fake.apply(allCommandsFlag ? "+@all" : "-@all", registry);
        boolean additive = !allCommandsFlag;
        for (AclCategory category : AclCategory.values()) {
            int on = 0;
            int off = 0;
            for (int id = 0; id < count; id++) {
                CommandSpec spec = registry.byAclId(id);
                if (spec.inCategory(category)) {
                    if (isSet(id)) {
                        on++;
                    } else {
                        off++;
                    }
                }
            }
            if ((additive && on > off) || (!additive && off > on)) {
                String rule = (additive ? "+@" : "-@") + category.name().toLowerCase(Locale.ROOT);
                fake.apply(rule, registry);
                rules.append(' ').append(rule);
            }
        }
        for (int id = 0; id < count; id++) {
            CommandSpec spec = registry.byAclId(id);
            if (spec.fullName().indexOf('|') >= 0) {
                continue;
            }
            describeDifference(spec, fake, rules);
            for (CommandSpec subcommand : spec.subcommands()) {
                describeDifference(subcommand, fake, rules);
            }
            Set<String> args = firstArgs.get(id);
            if (args != null) {
                args.stream().sorted().forEach(arg -> rules.append(" +").append(spec.fullName()).append('|').append(arg));
            }
        }
        return rules.toString();
    }

    private void describeDifference(CommandSpec spec, Selector fake, StringBuilder rules) {
        int id = spec.aclId();
        boolean allowed = isSet(id);
        if (allowed != fake.isSet(id)) {
            rules.append(allowed ? " +" : " -").append(spec.fullName());
            fake.setCommandAndSubcommands(spec, allowed);
        }
    }

    /** The whole selector as ACL LIST writes it: keys, channels, commands. */
    String describe(CommandRegistry registry) {
        StringBuilder out = new StringBuilder();
        String keys = describeKeys();
        if (!keys.isEmpty()) {
            out.append(keys).append(' ');
        }
        if (allChannels) {
            out.append("&* ");
        } else {
            out.append("resetchannels ");
            String channels = describeChannels();
            if (!channels.isEmpty()) {
                out.append(channels).append(' ');
            }
        }
        return out.append(describeCommands(registry)).toString();
    }
}
