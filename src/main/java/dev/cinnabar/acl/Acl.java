package dev.cinnabar.acl;

import dev.cinnabar.command.AclCategory;
import dev.cinnabar.command.CommandRegistry;
import dev.cinnabar.command.CommandSpec;
import dev.cinnabar.command.connection.ClientDescription;
import dev.cinnabar.config.RuntimeConfig;
import dev.cinnabar.net.ClientConnection;
import dev.cinnabar.net.ClientRegistry;
import dev.cinnabar.protocol.CommandArgs;
import dev.cinnabar.protocol.ErrorReplyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ACL: the users (the {@code default} user first among equals), authentication, the
 * permission check the dispatcher runs before each command, ACL LOG and the ACL file. All of
 * it lives on the keyspace thread; it is set up from the configuration before the RESP port
 * opens.
 */
@Component
public class Acl implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Acl.class);
    public static final String DEFAULT_USER = "default";
    static final List<String> DEFAULT_USER_RULES = List.of("+@all", "~*", "&*", "on", "nopass");
    private static final String NOT_CONFIGURED_FOR_FILE = "ERR This Redis instance is not configured to use an ACL "
            + "file. You may want to specify users via the ACL SETUSER command and then issue a CONFIG REWRITE "
            + "(assuming you have a Redis configuration file set) in order to store users in the Redis configuration.";
    private static final String FILE_AND_CONFIG_USERS = "Configuring Redis with users defined in redis.conf and at "
            + "the same setting an ACL file path is invalid. This setup is very likely to lead to configuration errors "
            + "and security holes, please define either an ACL file or declare users directly in your redis.conf, but "
            + "not both.";

    private final CommandRegistry registry;
    private final RuntimeConfig config;
    private final ClientRegistry clients;
    private final AclProperties properties;
    private final Map<String, AclUser> users = new TreeMap<>();
    private final AclUser defaultUser = new AclUser(DEFAULT_USER, 0);
    private final AclLog aclLog = new AclLog();
    private KeyAccess keyAccess;
    private volatile boolean running;

    public Acl(CommandRegistry registry, RuntimeConfig config, ClientRegistry clients, AclProperties properties) {
        this.registry = registry;
        this.config = config;
        this.clients = clients;
        this.properties = properties;
        users.put(DEFAULT_USER, defaultUser);
    }

    /** Sets up the users from requirepass, {@code user} lines and the ACL file; a bad one stops the start-up. */
    @Override
    public void start() {
        keyAccess = new KeyAccess(registry);
        defaultUser.applyAll(DEFAULT_USER_RULES, registry);
        applyRequirepass(config.get("requirepass"));
        String aclfile = config.get("aclfile");
        if (!aclfile.isEmpty() && !properties.users().isEmpty()) {
            throw new IllegalStateException(FILE_AND_CONFIG_USERS);
        }
        for (String line : properties.users()) {
            String error = AclFile.parseUser("user " + line, registry, users);
            if (error != null) {
                throw new IllegalStateException("Error in user declaration '" + line + "': " + error);
            }
        }
        if (!aclfile.isEmpty()) {
            String errors = load(Path.of(aclfile), null);
            if (errors != null) {
                throw new IllegalStateException("Aborting Redis startup because of ACL errors: " + errors);
            }
        }
        config.onChange("requirepass", this::applyRequirepass);
        running = true;
    }

    /** requirepass is the default user's only password; empty makes it nopass again. */
    private void applyRequirepass(String password) {
        if (password == null || password.isEmpty()) {
            if (!running) {
                return;
            }
            defaultUser.applyAll(List.of("resetpass", "nopass"), registry);
        } else {
            defaultUser.applyAll(List.of("resetpass", ">" + password), registry);
        }
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the RESP listener (phase 0): no connection may come in before the users are set up. */
    @Override
    public int getPhase() {
        return -100;
    }

    public AclUser defaultUser() {
        return defaultUser;
    }

    /** The user named {@code name}, or null. */
    public AclUser user(String name) {
        return users.get(name);
    }

    /** Every user, by name. */
    public Collection<AclUser> users() {
        return Collections.unmodifiableCollection(users.values());
    }

    /** True while new connections must AUTH first: the default user has a password or is disabled. */
    public boolean authRequired() {
        return !defaultUser.nopass() || !defaultUser.enabled();
    }

    /**
     * AUTH and HELLO ... AUTH: on success the client is {@code username} from now on; a failure
     * is logged in ACL LOG.
     */
    public boolean authenticate(ClientConnection client, String username, byte[] password) {
        AclUser user = users.get(username);
        if (user != null && user.acceptsPassword(password)) {
            client.authenticatedAs(user);
            return true;
        }
        addLogEntry(client, "auth", "AUTH", username);
        return false;
    }

    /**
     * The permission check: {@link Permissions#ALLOWED} or a denial. The caller has already
     * skipped it for an {@link AclUser#unrestricted() unrestricted} user.
     */
    public int check(AclUser user, CommandSpec spec, CommandArgs args) {
        return user.check(spec, args, keyAccess);
    }

    /** The NOPERM error of a denial, as Redis 7.2 words it (7.0 did not name the user). */
    public static String denialMessage(int denial, CommandSpec spec, AclUser user) {
        return switch (Permissions.kind(denial)) {
            case Permissions.DENIED_COMMAND -> "NOPERM User " + user.name() + " has no permissions to run the '"
                    + spec.fullName() + "' command";
            case Permissions.DENIED_KEY -> "NOPERM No permissions to access a key";
            default -> "NOPERM No permissions to access a channel";
        };
    }

    /** The error EXEC gives for a queued command the user lost the permission for since MULTI. */
    public static String deniedAtExecMessage(int denial) {
        String reason = switch (Permissions.kind(denial)) {
            case Permissions.DENIED_COMMAND -> "no permission to execute the command or subcommand";
            case Permissions.DENIED_KEY -> "no permission to touch the specified keys";
            default -> "no permission to access one of the channels used as arguments";
        };
        return "NOPERM ACLs rules changed between the moment the transaction was accumulated and the EXEC call. "
                + "This command is no longer allowed for the following reason: " + reason;
    }

    /** Records a denied command in ACL LOG; {@code insideMulti} gives the context "multi". */
    public void logDenial(ClientConnection client, int denial, CommandSpec spec, CommandArgs args,
                          boolean insideMulti) {
        String reason;
        String object;
        switch (Permissions.kind(denial)) {
            case Permissions.DENIED_COMMAND -> {
                reason = "command";
                object = spec.fullName();
            }
            case Permissions.DENIED_KEY -> {
                reason = "key";
                object = args.string(Permissions.argument(denial));
            }
            default -> {
                reason = "channel";
                object = args.string(Permissions.argument(denial));
            }
        }
        aclLog.add(reason, insideMulti ? "multi" : "toplevel", object, client.user(), clientInfo(client),
                System.currentTimeMillis(), config.longValue("acllog-max-len"));
    }

    private void addLogEntry(ClientConnection client, String reason, String object, String username) {
        aclLog.add(reason, client.transaction() != null ? "multi" : "toplevel", object, username,
                clientInfo(client), System.currentTimeMillis(), config.longValue("acllog-max-len"));
    }

    private static String clientInfo(ClientConnection client) {
        StringBuilder info = new StringBuilder();
        ClientDescription.append(info, client, System.currentTimeMillis(), 0);
        return info.toString();
    }

    public AclLog log() {
        return aclLog;
    }

    /**
     * ACL SETUSER: creates the user if needed and applies the rules, all or none. Clients of a
     * user that gets disabled are disconnected, {@code caller} once its reply is sent.
     *
     * @throws ErrorReplyException with Redis's error line
     */
    public void setUser(String name, List<String> words, ClientConnection caller) {
        if (name.indexOf(' ') >= 0 || name.indexOf('\0') >= 0) {
            throw new ErrorReplyException("ERR Usernames can't contain spaces or null characters");
        }
        List<String> rules;
        try {
            rules = AclFile.mergeSelectors(words);
        } catch (AclRuleException e) {
            throw new ErrorReplyException(e.setUserError());
        }
        AclUser user = users.get(name);
        boolean created = user == null;
        if (created) {
            user = new AclUser(name, registry.aclIdCount());
        }
        boolean wasEnabled = user.enabled();
        try {
            user.applyAll(rules, registry);
        } catch (AclRuleException e) {
            throw new ErrorReplyException(e.setUserError());
        }
        if (created) {
            users.put(name, user);
        } else if (wasEnabled && !user.enabled()) {
            disconnectClientsOf(user, caller);
        } else {
            disconnectSubscribersDeniedTheirChannels(user, caller);
        }
    }

    /**
     * ACL DELUSER: the number of users deleted; their clients are disconnected, {@code caller}
     * once its reply is sent.
     */
    public int deleteUsers(List<String> names, ClientConnection caller) {
        if (names.contains(DEFAULT_USER)) {
            throw new ErrorReplyException("ERR The 'default' user cannot be removed");
        }
        int deleted = 0;
        for (String name : names) {
            AclUser user = users.remove(name);
            if (user != null) {
                deleted++;
                disconnectClientsOf(user, caller);
            }
        }
        return deleted;
    }

    /** As Redis does when channel permissions shrink: a subscriber of a channel it may no longer use goes. */
    private void disconnectSubscribersDeniedTheirChannels(AclUser user, ClientConnection caller) {
        for (ClientConnection client : List.copyOf(clients.clients())) {
            if (client.aclUser() == user && client.subscriptions() != null
                    && !client.subscriptions().allAllowed(user::allowsChannel)) {
                disconnect(client, caller);
            }
        }
    }

    private void disconnectClientsOf(AclUser user, ClientConnection caller) {
        for (ClientConnection client : List.copyOf(clients.clients())) {
            if (client.aclUser() == user) {
                disconnect(client, caller);
            }
        }
    }

    /** Closes a client; the one running the current command first gets its reply. */
    private static void disconnect(ClientConnection client, ClientConnection caller) {
        if (client == caller) {
            client.closeAfterReply();
        } else {
            client.close();
        }
    }

    /** The category named {@code name} in any letter case, without its '@', or null. */
    public static AclCategory category(String name) {
        return Selector.categoryNamed(name);
    }

    /** ACL LIST: every user as a configuration line. */
    public List<String> describeUsers() {
        List<String> lines = new ArrayList<>();
        users.values().forEach(user -> lines.add(user.describe(registry)));
        return lines;
    }

    /** ACL GETUSER's fields: flags, passwords, commands, keys, channels, selectors. */
    public Map<String, Object> describe(AclUser user) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("flags", user.flags());
        fields.put("passwords", user.passwordHashes());
        fields.put("commands", user.root().describeCommands(registry));
        fields.put("keys", user.root().describeKeys());
        fields.put("channels", user.root().describeChannels());
        List<Map<String, String>> selectors = new ArrayList<>();
        for (Selector selector : user.selectors()) {
            Map<String, String> described = new LinkedHashMap<>();
            described.put("commands", selector.describeCommands(registry));
            described.put("keys", selector.describeKeys());
            described.put("channels", selector.describeChannels());
            selectors.add(described);
        }
        fields.put("selectors", selectors);
        return fields;
    }

    /** ACL SAVE: writes every user to the ACL file, replacing it at once. */
    public void save() {
        Path file = aclFile();
        try {
            Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), "temp-", ".acl");
            Files.writeString(temporary, String.join("\n", describeUsers()) + "\n", StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("Opening ACL file for saving: {}", e.getMessage());
            throw new ErrorReplyException("ERR There was an error trying to save the ACLs. Please check the server "
                    + "logs for more information");
        }
    }

    /** ACL LOAD: replaces every user with the ACL file's, or changes nothing if it has an error. */
    public void load(ClientConnection caller) {
        String errors = load(aclFile(), caller);
        if (errors != null) {
            throw new ErrorReplyException("ERR " + errors);
        }
    }

    private Path aclFile() {
        String aclfile = config.get("aclfile");
        if (aclfile.isEmpty()) {
            throw new ErrorReplyException(NOT_CONFIGURED_FOR_FILE);
        }
        return Path.of(aclfile);
    }

    /** Loads the users of {@code file}; returns Redis's error text, or null when they were installed. */
    private String load(Path file, ClientConnection caller) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "Error loading ACLs, opening file '" + file + "': " + e.getMessage();
        }
        Map<String, AclUser> loaded = new TreeMap<>();
        StringBuilder errors = new StringBuilder();
        for (int number = 1; number <= lines.size(); number++) {
            String line = lines.get(number - 1).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String error = AclFile.parseUser(line, registry, loaded);
            if (error != null) {
                errors.append(file).append(':').append(number).append(": ").append(error).append(". ");
            }
        }
        if (!errors.isEmpty()) {
            return errors + "WARNING: ACL errors detected, no change to the previously active ACL rules was performed";
        }
        AclUser loadedDefault = loaded.remove(DEFAULT_USER);
        if (loadedDefault == null) {
            loadedDefault = new AclUser(DEFAULT_USER, registry.aclIdCount());
            loadedDefault.applyAll(DEFAULT_USER_RULES, registry);
        }
        defaultUser.takeRulesOf(loadedDefault, registry.aclIdCount());
        for (AclUser old : users.values()) {
            if (old != defaultUser) {
                disconnectClientsOf(old, caller);
            }
        }
        users.clear();
        users.put(DEFAULT_USER, defaultUser);
        users.putAll(loaded);
        return null;
    }

    /** ACL DRYRUN: null if {@code user} may run the command, else Redis's explanation. */
    public String dryRun(AclUser user, CommandSpec spec, CommandArgs args) {
        if (user.unrestricted()) {
            return null;
        }
        int denial = user.check(spec, args, keyAccess);
        return switch (Permissions.kind(denial)) {
            case Permissions.ALLOWED -> null;
            case Permissions.DENIED_COMMAND -> "This user has no permissions to run the '" + spec.fullName()
                    + "' command";
            case Permissions.DENIED_KEY -> "This user has no permissions to access the '"
                    + args.string(Permissions.argument(denial)) + "' key";
            default -> "This user has no permissions to access the '" + args.string(Permissions.argument(denial))
                    + "' channel";
        };
    }

    /**
     * Protected mode: with protected-mode on and no password on the default user, only loopback
     * clients may connect.
     */
    public boolean protectedModeRefuses(SocketAddress peer) {
        return ProtectedMode.refuses(config.isEnabled("protected-mode"), defaultUser.nopass(), peer);
    }
}
