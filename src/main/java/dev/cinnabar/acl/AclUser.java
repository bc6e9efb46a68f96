package dev.cinnabar.acl;

import dev.cinnabar.command.CommandRegistry;
import dev.cinnabar.command.CommandSpec;
import dev.cinnabar.protocol.CommandArgs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One ACL user: whether it is enabled, its passwords (only ever kept as SHA-256 hex, as
 * Redis does), its root permissions and its selectors. Connections hold the user object
 * itself, so a change made by ACL SETUSER applies to them at once. Keyspace thread only.
 */
public final class AclUser {

    private static final HexFormat HEX = HexFormat.of();

    private final String name;
    private boolean enabled;
    private boolean nopass;
    private String sanitizePayload = "";
    private Set<String> passwordHashes = new LinkedHashSet<>();
    private Selector root;
    private List<Selector> selectors = new ArrayList<>();
    /** Precomputed: every command on every key and channel, so the dispatcher checks nothing. */
    private boolean unrestricted;

    AclUser(String name, int commandCount) {
        this.name = name;
        this.root = new Selector(commandCount);
    }

    /**
     * The user of the server's own clients (the AOF replay): authenticated and never checked,
     * as Redis runs its fake clients without a user.
     */
    public static AclUser internal() {
        AclUser user = new AclUser(Acl.DEFAULT_USER, 0);
        user.enabled = true;
        user.nopass = true;
        user.unrestricted = true;
        return user;
    }

    public String name() {
        return name;
    }

    /** True if the user may run every command on every key and channel: one field read per command. */
    public boolean unrestricted() {
        return unrestricted;
    }

    public boolean enabled() {
        return enabled;
    }

    public boolean nopass() {
        return nopass;
    }

    /** Applies ACL SETUSER rules, all or none. */
    void applyAll(List<String> rules, CommandRegistry registry) {
        AclUser draft = copy();
        for (String rule : rules) {
            try {
                draft.apply(rule, registry);
            } catch (AclRuleException e) {
                throw new AclRuleException(e.getMessage(), rule);
            }
        }
        takeRulesOf(draft, registry.aclIdCount());
    }

    private AclUser copy() {
        AclUser copy = new AclUser(name, 0);
        copy.takeRulesOf(this, -1);
        return copy;
    }

    /** Takes over another user's rules; a negative command count skips recomputing {@link #unrestricted}. */
    void takeRulesOf(AclUser other, int commandCount) {
        enabled = other.enabled;
        nopass = other.nopass;
        sanitizePayload = other.sanitizePayload;
        passwordHashes = new LinkedHashSet<>(other.passwordHashes);
        root = other.root.copy();
        selectors = new ArrayList<>();
        other.selectors.forEach(selector -> selectors.add(selector.copy()));
        if (commandCount >= 0) {
            unrestricted = root.allowsEverything(commandCount);
        }
    }

    private void apply(String rule, CommandRegistry registry) {
        if (rule.length() >= 2 && rule.charAt(0) == '(' && rule.charAt(rule.length() - 1) == ')') {
            Selector selector = new Selector(registry.aclIdCount());
            for (String inner : rule.substring(1, rule.length() - 1).trim().split(" +")) {
                if (!inner.isEmpty()) {
                    selector.apply(inner, registry);
                }
            }
            selectors.add(selector);
            return;
        }
        char first = rule.isEmpty() ? 0 : rule.charAt(0);
        switch (rule.toLowerCase(Locale.ROOT)) {
            case "on" -> enabled = true;
            case "off" -> enabled = false;
            case "nopass" -> {
                nopass = true;
                passwordHashes.clear();
            }
            case "resetpass" -> {
                nopass = false;
                passwordHashes.clear();
            }
            case "skip-sanitize-payload" -> sanitizePayload = "skip-sanitize-payload";
            case "sanitize-payload" -> sanitizePayload = "sanitize-payload";
            case "clearselectors" -> selectors.clear();
            case "reset" -> {
                for (String part : List.of("resetpass", "resetkeys", "resetchannels", "off", "clearselectors", "-@all")) {
                    apply(part, registry);
                }
                sanitizePayload = "sanitize-payload";
            }
            default -> {
                if (first == '>') {
                    passwordHashes.add(sha256Hex(rule.substring(1).getBytes(StandardCharsets.UTF_8)));
                    nopass = false;
                } else if (first == '#') {
                    passwordHashes.add(validHash(rule.substring(1)));
                    nopass = false;
                } else if (first == '<') {
                    removePassword(sha256Hex(rule.substring(1).getBytes(StandardCharsets.UTF_8)));
                } else if (first == '!') {
                    removePassword(validHash(rule.substring(1)));
                } else {
                    root.apply(rule, registry);
                }
            }
        }
    }

    private void removePassword(String hash) {
        if (!passwordHashes.remove(hash)) {
            throw new AclRuleException("The password you are trying to remove from the user does not exist");
        }
    }

    private static String validHash(String hash) {
        if (hash.length() != 64 || !hash.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new AclRuleException("The password hash must be exactly 64 characters and contain only lowercase "
                    + "hexadecimal characters");
        }
        return hash;
    }

    static String sha256Hex(byte[] password) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(password));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * True if the user is enabled and {@code password} is one of its passwords (any password
     * with nopass). Every stored hash is compared, each in constant time.
     */
    boolean acceptsPassword(byte[] password) {
        if (!enabled) {
            return false;
        }
        if (nopass) {
            return true;
        }
        byte[] hash = sha256Hex(password).getBytes(StandardCharsets.US_ASCII);
        boolean matched = false;
        for (String stored : passwordHashes) {
            matched |= MessageDigest.isEqual(hash, stored.getBytes(StandardCharsets.US_ASCII));
        }
        return matched;
    }

    /** 0 if the user may run the command with these arguments, else the most relevant denial. */
    int check(CommandSpec spec, CommandArgs args, KeyAccess keyAccess) {
        int denial = root.check(spec, args, keyAccess);
        if (denial == Permissions.ALLOWED) {
            return denial;
        }
        for (Selector selector : selectors) {
            int selectorDenial = selector.check(spec, args, keyAccess);
            if (selectorDenial == Permissions.ALLOWED) {
                return selectorDenial;
            }
            if (Permissions.kind(selectorDenial) > Permissions.kind(denial)) {
                denial = selectorDenial;
            }
        }
        return denial;
    }

    /** True if the user may (still) listen to {@code channel}, a pattern if {@code isPattern}. */
    boolean allowsChannel(byte[] channel, boolean isPattern) {
        if (root.channelAllowed(channel, isPattern)) {
            return true;
        }
        for (Selector selector : selectors) {
            if (selector.channelAllowed(channel, isPattern)) {
                return true;
            }
        }
        return false;
    }

    List<String> flags() {
        List<String> flags = new ArrayList<>();
        flags.add(enabled ? "on" : "off");
        if (nopass) {
            flags.add("nopass");
        }
        if (!sanitizePayload.isEmpty()) {
            flags.add(sanitizePayload);
        }
        return flags;
    }

    List<String> passwordHashes() {
        return List.copyOf(passwordHashes);
    }

    Selector root() {
        return root;
    }

    List<Selector> selectors() {
        return selectors;
    }

    /** The user as ACL LIST and the ACL file write it: {@code user alice on #... ~* &* +@all}. */
    String describe(CommandRegistry registry) {
        StringBuilder out = new StringBuilder("user ").append(name);
        flags().forEach(flag -> out.append(' ').append(flag));
        passwordHashes.forEach(hash -> out.append(" #").append(hash));
        out.append(' ').append(root.describe(registry));
        for (Selector selector : selectors) {
            out.append(" (").append(selector.describe(registry)).append(')');
        }
        return out.toString();
    }
}
