package dev.cinnabar.command.acl;

import dev.cinnabar.support.RawClient;
import dev.cinnabar.support.ServerTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Users, rules and permission checks through real connections. Every test restores the
 * default user and deletes the users it made: the server is shared by all test classes.
 */
class AclCommandsTest extends ServerTest {

    private static final String NOPERM_KEY = "-NOPERM No permissions to access a key\r\n";
    private static final String NOPERM_CHANNEL = "-NOPERM No permissions to access a channel\r\n";
    private static final String WRONGPASS = "-WRONGPASS invalid username-password pair or user is disabled.\r\n";

    private final List<RawClient> opened = new ArrayList<>();

    @AfterEach
    void restoreUsers() throws Exception {
        for (RawClient client : opened) {
            client.close();
        }
        try (RawClient admin = raw()) {
            admin.command("AUTH", "default", "pw").readReply();
            // Not "reset", which would leave the sanitize-payload flag that a new server does not show.
            admin.command("ACL", "SETUSER", "default", "on", "nopass", "resetkeys", "~*", "resetchannels", "&*",
                    "+@all", "clearselectors").readReply();
            admin.command("CONFIG", "SET", "requirepass", "").readReply();
            String users = admin.command("ACL", "USERS").readReply();
            for (String line : users.split("\r\n")) {
                if (!line.startsWith("*") && !line.startsWith("$") && !line.equals("default")) {
                    admin.command("ACL", "DELUSER", line).readReply();
                }
            }
            admin.command("ACL", "LOG", "RESET").readReply();
        }
    }

    private RawClient connect() throws Exception {
        RawClient client = raw();
        opened.add(client);
        return client;
    }

    /** A connection authenticated as {@code user} (password "pw") made with {@code rules}. */
    private RawClient as(String user, String... rules) throws Exception {
        List<String> setuser = new ArrayList<>(List.of("ACL", "SETUSER", user, "on", ">pw"));
        setuser.addAll(List.of(rules));
        assertThat(raw().command(setuser.toArray(String[]::new)).readReply()).isEqualTo("+OK\r\n");
        RawClient client = connect();
        assertThat(client.command("AUTH", user, "pw").readReply()).isEqualTo("+OK\r\n");
        return client;
    }

    private static String bulk(String value) {
        return "$" + value.length() + "\r\n" + value + "\r\n";
    }

    @Test
    void defaultUserHasEveryPermissionAndNoPassword() throws Exception {
        assertThat(raw().command("ACL", "WHOAMI").readReply()).isEqualTo("$7\r\ndefault\r\n");
        // Another test class may have run "reset" on the default user, which adds sanitize-payload for good.
        assertThat(raw().command("ACL", "GETUSER", "default").readReply()).startsWith("*12\r\n"
                + "$5\r\nflags\r\n").contains("$2\r\non\r\n$6\r\nnopass\r\n").endsWith("$9\r\npasswords\r\n*0\r\n"
                + "$8\r\ncommands\r\n$5\r\n+@all\r\n$4\r\nkeys\r\n$2\r\n~*\r\n$8\r\nchannels\r\n$2\r\n&*\r\n"
                + "$9\r\nselectors\r\n*0\r\n");
        assertThat(raw().command("ACL", "LIST").readReply()).startsWith("*1\r\n$").contains("user default on nopass ")
                .endsWith("~* &* +@all\r\n");
    }

    @Test
    void getUserLayoutIsRedisOwn() throws Exception {
        raw().command("ACL", "SETUSER", "alice", "on", ">p1",
                "#5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8", "~app:*", "%R~ro:*", "&chan*",
                "+@hash", "-hdel", "(~sel* +set)").readReply();
        // Byte for byte what redis-server 7.0.15 answers for the same rules.
        assertThat(raw().command("ACL", "GETUSER", "alice").readReply()).isEqualTo("*12\r\n$5\r\nflags\r\n*1\r\n"
                + "$2\r\non\r\n$9\r\npasswords\r\n*2\r\n"
                + "$64\r\nf64551fcd6f07823cb87971cfb91446425da18286b3ab1ef935e0cbd7a69f68a\r\n"
                + "$64\r\n5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8\r\n"
                + "$8\r\ncommands\r\n$18\r\n-@all +@hash -hdel\r\n$4\r\nkeys\r\n$14\r\n~app:* %R~ro:*\r\n"
                + "$8\r\nchannels\r\n$6\r\n&chan*\r\n$9\r\nselectors\r\n*1\r\n*6\r\n$8\r\ncommands\r\n"
                + "$10\r\n-@all +set\r\n$4\r\nkeys\r\n$5\r\n~sel*\r\n$8\r\nchannels\r\n$0\r\n\r\n");
        assertThat(raw().command("ACL", "GETUSER", "nobody").readReply()).isEqualTo("$-1\r\n");
        raw().command("ACL", "SETUSER", "u").readReply();
        assertThat(raw().command("ACL", "GETUSER", "u").readReply()).isEqualTo("*12\r\n$5\r\nflags\r\n*1\r\n"
                + "$3\r\noff\r\n$9\r\npasswords\r\n*0\r\n$8\r\ncommands\r\n$5\r\n-@all\r\n$4\r\nkeys\r\n$0\r\n\r\n"
                + "$8\r\nchannels\r\n$0\r\n\r\n$9\r\nselectors\r\n*0\r\n");
        assertThat(raw().command("ACL", "USERS").readReply()).isEqualTo("*3\r\n$5\r\nalice\r\n$7\r\ndefault\r\n$1\r\nu\r\n");
        assertThat(raw().command("ACL", "LIST").readReply()).contains("user u off resetchannels -@all\r\n");
    }

    @Test
    void commandRulesAreDescribedAsRedisCompactsThem() throws Exception {
        String[][] cases = {
                {"+get -get", "-@all"},
                {"+@all -get +get", "+@all"},
                {"+@hash +hset", "-@all +@hash"},
                {"+@all -@hash +hget", "+@all -@hash +hget"},
                {"+set +@string", "-@all +@string"},
                {"+config|get +config", "-@all +config"},
                {"+@hash -hset -@all", "-@all"},
                {"+select|0", "-@all +select|0"},
        };
        for (String[] rulesAndDescription : cases) {
            List<String> setuser = new ArrayList<>(List.of("ACL", "SETUSER", "c", "reset"));
            setuser.addAll(List.of(rulesAndDescription[0].split(" ")));
            raw().command(setuser.toArray(String[]::new)).readReply();
            assertThat(redis.aclGetuser("c").get(5)).as(rulesAndDescription[0]).isEqualTo(rulesAndDescription[1]);
        }
    }

    @Test
    void setUserErrorsAreRedisOwn() throws Exception {
        RawClient admin = connect();
        assertThat(admin.command("ACL", "SETUSER", "x", "bogus").readReply())
                .isEqualTo("-ERR Error in ACL SETUSER modifier 'bogus': Syntax error\r\n");
        assertThat(admin.command("ACL", "SETUSER", "x", "+nosuch").readReply())
                .isEqualTo("-ERR Error in ACL SETUSER modifier '+nosuch': Unknown command or category name in ACL\r\n");
        assertThat(admin.command("ACL", "SETUSER", "x", "+@nosuch").readReply())
                .isEqualTo("-ERR Error in ACL SETUSER modifier '+@nosuch': Unknown command or category name in ACL\r\n");
        assertThat(admin.command("ACL", "SETUSER", "x", "#abc").readReply())
                .isEqualTo("-ERR Error in ACL SETUSER modifier '#abc': The password hash must be exactly 64 characters "
                        + "and contain only lowercase hexadecimal characters\r\n");
        assertThat(admin.command("ACL", "SETUSER", "x", "<nopw").readReply())
                .isEqualTo("-ERR Error in ACL SETUSER modifier '<nopw': The password you are trying to remove from "
                        + "the user does not exist\r\n");
        assertThat(admin.command("ACL", "SETUSER", "x", "(~a").readReply())
                .isEqualTo("-ERR Unmatched parenthesis in acl selector starting at '(~a'.\r\n");
        assertThat(admin.command("ACL", "SETUSER", "x", "allkeys", "~a").readReply())
                .startsWith("-ERR Error in ACL SETUSER modifier '~a': Adding a pattern after the * pattern");
        assertThat(admin.command("ACL", "SETUSER", "x y", "on").readReply())
                .isEqualTo("-ERR Usernames can't contain spaces or null characters\r\n");
        assertThat(admin.command("ACL", "DELUSER", "default").readReply())
                .isEqualTo("-ERR The 'default' user cannot be removed\r\n");
        // A failed SETUSER changes nothing, not even the rules before the bad one.
        assertThat(admin.command("ACL", "SETUSER", "y", "on", "+get", "bogus").readReply()).startsWith("-ERR");
        assertThat(admin.command("ACL", "GETUSER", "y").readReply()).isEqualTo("$-1\r\n");
    }

    @Test
    void permissionsPerCommandCategoryAndSubcommand() throws Exception {
        RawClient alice = as("alice", "~*", "+get", "+@hash", "-hdel", "+config|get");
        assertThat(alice.command("GET", "k").readReply()).isEqualTo("$-1\r\n");
        assertThat(alice.command("SET", "k", "v").readReply())
                .isEqualTo("-NOPERM User alice has no permissions to run the 'set' command\r\n");
        assertThat(alice.command("HSET", "h", "f", "v").readReply()).isEqualTo(":1\r\n");
        assertThat(alice.command("HDEL", "h", "f").readReply())
                .isEqualTo("-NOPERM User alice has no permissions to run the 'hdel' command\r\n");
        assertThat(alice.command("CONFIG", "GET", "maxclients").readReply()).startsWith("*2\r\n");
        assertThat(alice.command("CONFIG", "SET", "maxclients", "10").readReply())
                .isEqualTo("-NOPERM User alice has no permissions to run the 'config|set' command\r\n");
        assertThat(alice.command("ACL", "WHOAMI").readReply())
                .isEqualTo("-NOPERM User alice has no permissions to run the 'acl|whoami' command\r\n");
        // Commands that need no authentication need no permission either.
        assertThat(alice.command("AUTH", "alice", "pw").readReply()).isEqualTo("+OK\r\n");
        assertThat(alice.command("HELLO", "2").readReply()).startsWith("*14\r\n");
    }

    @Test
    void keyPatternsAndReadWriteRoles() throws Exception {
        RawClient bob = as("bob", "+@all", "~app:*", "%R~ro:*", "%W~wo:*");
        assertThat(bob.command("SET", "app:1", "v").readReply()).isEqualTo("+OK\r\n");
        assertThat(bob.command("GET", "other").readReply()).isEqualTo(NOPERM_KEY);
        assertThat(bob.command("GET", "ro:1").readReply()).isEqualTo("$-1\r\n");
        assertThat(bob.command("SET", "ro:1", "v").readReply()).isEqualTo(NOPERM_KEY);
        assertThat(bob.command("SET", "wo:1", "v").readReply()).isEqualTo("+OK\r\n");
        assertThat(bob.command("GET", "wo:1").readReply()).isEqualTo(NOPERM_KEY);
        // INCR reads and writes, SET ... GET too; LPUSH only writes.
        assertThat(bob.command("INCR", "wo:n").readReply()).isEqualTo(NOPERM_KEY);
        assertThat(bob.command("SET", "wo:1", "v", "GET").readReply()).isEqualTo(NOPERM_KEY);
        assertThat(bob.command("LPUSH", "wo:l", "a").readReply()).isEqualTo(":1\r\n");
        // Several keys: all must be allowed; a destination is written, the sources read.
        assertThat(bob.command("MGET", "app:1", "other").readReply()).isEqualTo(NOPERM_KEY);
        assertThat(bob.command("SUNIONSTORE", "wo:s", "ro:a", "app:b").readReply()).isEqualTo(":0\r\n");
        assertThat(bob.command("SUNIONSTORE", "ro:s", "ro:a").readReply()).isEqualTo(NOPERM_KEY);
        assertThat(bob.command("LMOVE", "app:l", "wo:l", "LEFT", "LEFT").readReply()).isEqualTo("$-1\r\n");
        assertThat(bob.command("LMOVE", "wo:l", "app:l", "LEFT", "LEFT").readReply()).isEqualTo(NOPERM_KEY);
    }

    @Test
    void movableKeysAreChecked() throws Exception {
        RawClient bob = as("bob", "+@all", "~app:*", "%R~ro:*");
        assertThat(bob.command("ZUNIONSTORE", "app:d", "2", "app:a", "ro:b").readReply()).isEqualTo(":0\r\n");
        assertThat(bob.command("ZUNIONSTORE", "app:d", "2", "app:a", "other").readReply()).isEqualTo(NOPERM_KEY);
        assertThat(bob.command("ZUNION", "2", "ro:a", "other").readReply()).isEqualTo(NOPERM_KEY);
        assertThat(bob.command("SINTERCARD", "1", "other").readReply()).isEqualTo(NOPERM_KEY);
        assertThat(bob.command("LMPOP", "2", "app:a", "ro:b", "LEFT").readReply()).isEqualTo(NOPERM_KEY);
        assertThat(bob.command("LMPOP", "1", "app:a", "LEFT").readReply()).isEqualTo("*-1\r\n");
        assertThat(bob.command("XREAD", "STREAMS", "ro:s", "other", "0", "0").readReply()).isEqualTo(NOPERM_KEY);
        assertThat(bob.command("XREAD", "STREAMS", "ro:s", "app:s", "0", "0").readReply()).isEqualTo("*-1\r\n");
        assertThat(bob.command("GEORADIUS", "ro:g", "0", "0", "1", "km", "STORE", "ro:d").readReply())
                .isEqualTo(NOPERM_KEY);
    }

    @Test
    void channelsArePermissionsToo() throws Exception {
        RawClient bob = as("bob", "+@all", "~*", "&news*");
        assertThat(bob.command("PUBLISH", "news1", "m").readReply()).isEqualTo(":0\r\n");
        assertThat(bob.command("PUBLISH", "other", "m").readReply()).isEqualTo(NOPERM_CHANNEL);
        assertThat(bob.command("SPUBLISH", "other", "m").readReply()).isEqualTo(NOPERM_CHANNEL);
        assertThat(bob.command("SUBSCRIBE", "news1", "other").readReply()).isEqualTo(NOPERM_CHANNEL);
        // A pattern must be one the user was given, literally.
        assertThat(bob.command("PSUBSCRIBE", "n*").readReply()).isEqualTo(NOPERM_CHANNEL);
        assertThat(bob.command("PSUBSCRIBE", "news*").readReply())
                .isEqualTo("*3\r\n$10\r\npsubscribe\r\n$5\r\nnews*\r\n:1\r\n");
    }

    @Test
    void subscribersLosingTheirChannelAreDisconnected() throws Exception {
        RawClient subscriber = as("sub", "+@all", "~*", "&news*", "&other");
        assertThat(subscriber.command("SUBSCRIBE", "news1").readReply())
                .isEqualTo("*3\r\n$9\r\nsubscribe\r\n$5\r\nnews1\r\n:1\r\n");
        raw().command("ACL", "SETUSER", "sub", "resetchannels", "&news1").readReply();
        assertThat(subscriber.command("PING").readReply()).isEqualTo("*2\r\n$4\r\npong\r\n$0\r\n\r\n");
        raw().command("ACL", "SETUSER", "sub", "resetchannels", "&other").readReply();
        assertThat(subscriber.isClosedByServer()).isTrue();
    }

    @Test
    void selectorsGrantAlternativePermissions() throws Exception {
        RawClient carol = as("carol", "~*", "+get", "(~sel* +set)");
        assertThat(carol.command("SET", "sel1", "v").readReply()).isEqualTo("+OK\r\n");
        assertThat(carol.command("GET", "anything").readReply()).isEqualTo("$-1\r\n");
        // The key error outranks the command error of the root selector.
        assertThat(carol.command("SET", "other", "v").readReply()).isEqualTo(NOPERM_KEY);
        assertThat(raw().command("ACL", "SETUSER", "carol", "clearselectors").readReply()).isEqualTo("+OK\r\n");
        assertThat(carol.command("SET", "sel1", "v").readReply())
                .isEqualTo("-NOPERM User carol has no permissions to run the 'set' command\r\n");
    }

    @Test
    void authPaths() throws Exception {
        RawClient client = connect();
        assertThat(client.command("AUTH", "x").readReply()).isEqualTo("-ERR AUTH <password> called without any "
                + "password configured for the default user. Are you sure your configuration is correct?\r\n");
        assertThat(client.command("AUTH", "a", "b", "c").readReply()).isEqualTo("-ERR syntax error\r\n");
        raw().command("ACL", "SETUSER", "dave", "on", ">one", ">two", "+@all", "~*").readReply();
        assertThat(client.command("AUTH", "dave", "wrong").readReply()).isEqualTo(WRONGPASS);
        assertThat(client.command("AUTH", "nobody", "one").readReply()).isEqualTo(WRONGPASS);
        assertThat(client.command("AUTH", "dave", "two").readReply()).isEqualTo("+OK\r\n");
        assertThat(client.command("ACL", "WHOAMI").readReply()).isEqualTo("$4\r\ndave\r\n");
        assertThat(client.command("HELLO", "2", "AUTH", "dave", "bad").readReply()).isEqualTo(WRONGPASS);
        assertThat(client.command("HELLO", "2", "AUTH", "default", "anything").readReply()).startsWith("*14\r\n");
        assertThat(client.command("ACL", "WHOAMI").readReply()).isEqualTo("$7\r\ndefault\r\n");
        raw().command("ACL", "SETUSER", "dave", "<one", "nopass").readReply();
        assertThat(client.command("AUTH", "dave", "whatever").readReply()).isEqualTo("+OK\r\n");
        raw().command("ACL", "SETUSER", "dave", "resetpass").readReply();
        assertThat(client.command("AUTH", "dave", "whatever").readReply()).isEqualTo(WRONGPASS);
        assertThat(client.command("CLIENT", "INFO").readReply()).contains(" user=dave ");
    }

    @Test
    void passwordOnTheDefaultUserRequiresAuthOfNewConnectionsOnly() throws Exception {
        RawClient before = connect();
        assertThat(before.command("CONFIG", "SET", "requirepass", "pw").readReply()).isEqualTo("+OK\r\n");
        assertThat(before.command("CONFIG", "GET", "requirepass").readReply())
                .isEqualTo("*2\r\n$11\r\nrequirepass\r\n$2\r\npw\r\n");
        assertThat(before.command("ACL", "WHOAMI").readReply()).isEqualTo("$7\r\ndefault\r\n");
        RawClient after = connect();
        assertThat(after.command("GET", "k").readReply()).isEqualTo("-NOAUTH Authentication required.\r\n");
        assertThat(after.command("PING").readReply()).isEqualTo("-NOAUTH Authentication required.\r\n");
        assertThat(after.command("MULTI").readReply()).isEqualTo("-NOAUTH Authentication required.\r\n");
        assertThat(after.command("EXEC").readReply())
                .isEqualTo("-EXECABORT Transaction discarded because of: NOAUTH Authentication required.\r\n");
        assertThat(after.command("HELLO", "2").readReply()).startsWith("-NOAUTH HELLO must be called with the client "
                + "already authenticated");
        assertThat(after.command("AUTH", "nope").readReply()).isEqualTo(WRONGPASS);
        assertThat(after.command("AUTH", "pw").readReply()).isEqualTo("+OK\r\n");
        assertThat(after.command("GET", "k").readReply()).isEqualTo("$-1\r\n");
        // Only the SHA-256 of the password is kept.
        assertThat(after.command("ACL", "GETUSER", "default").readReply()).contains("$9\r\npasswords\r\n*1\r\n"
                + "$64\r\n30c952fab122c3f9759f02a6d95c3758b246b4fee239957b2d4fee46e26170c4\r\n");
        RawClient third = connect();
        assertThat(third.command("QUIT").readReply()).isEqualTo("+OK\r\n");
        assertThat(before.command("CONFIG", "SET", "requirepass", "").readReply()).isEqualTo("+OK\r\n");
        assertThat(connect().command("GET", "k").readReply()).isEqualTo("$-1\r\n");
    }

    @Test
    void deletingOrDisablingAUserDisconnectsItsClients() throws Exception {
        RawClient erin = as("erin", "+@all", "~*");
        RawClient other = as("frank", "+@all", "~*");
        assertThat(raw().command("ACL", "DELUSER", "erin", "nobody").readReply()).isEqualTo(":1\r\n");
        assertThat(erin.isClosedByServer()).isTrue();
        assertThat(other.command("PING").readReply()).isEqualTo("+PONG\r\n");
        assertThat(raw().command("ACL", "SETUSER", "frank", "off").readReply()).isEqualTo("+OK\r\n");
        assertThat(other.isClosedByServer()).isTrue();
        assertThat(connect().command("AUTH", "frank", "pw").readReply()).isEqualTo(WRONGPASS);
        // A client deleting its own user gets the reply first.
        RawClient self = as("gina", "+@all", "~*");
        assertThat(self.command("ACL", "DELUSER", "gina").readReply()).isEqualTo(":1\r\n");
        assertThat(self.isClosedByServer()).isTrue();
    }

    @Test
    void transactionsAreCheckedWhenQueuedAndAtExec() throws Exception {
        RawClient bob = as("bob", "+@all", "-hdel", "~app:*");
        assertThat(bob.command("MULTI").readReply()).isEqualTo("+OK\r\n");
        assertThat(bob.command("GET", "app:1").readReply()).isEqualTo("+QUEUED\r\n");
        assertThat(bob.command("GET", "other").readReply()).isEqualTo(NOPERM_KEY);
        assertThat(bob.command("HDEL", "app:h", "f").readReply())
                .isEqualTo("-NOPERM User bob has no permissions to run the 'hdel' command\r\n");
        assertThat(bob.command("EXEC").readReply()).isEqualTo("-EXECABORT Transaction discarded because of previous "
                + "errors.\r\n");

        assertThat(bob.command("MULTI").readReply()).isEqualTo("+OK\r\n");
        assertThat(bob.command("GET", "app:1").readReply()).isEqualTo("+QUEUED\r\n");
        assertThat(bob.command("SET", "app:1", "v").readReply()).isEqualTo("+QUEUED\r\n");
        raw().command("ACL", "SETUSER", "bob", "-set").readReply();
        assertThat(bob.command("EXEC").readReply()).isEqualTo("*2\r\n$-1\r\n-NOPERM ACLs rules changed between the "
                + "moment the transaction was accumulated and the EXEC call. This command is no longer allowed for "
                + "the following reason: no permission to execute the command or subcommand\r\n");
        String log = raw().command("ACL", "LOG", "1").readReply();
        assertThat(log).contains("$7\r\ncontext\r\n$5\r\nmulti\r\n$6\r\nobject\r\n$3\r\nset\r\n");
    }

    @Test
    void aclLogRecordsDenialsAndFailedAuth() throws Exception {
        RawClient bob = as("bob", "+@all", "-hdel", "~app:*");
        bob.command("GET", "other").readReply();
        bob.command("GET", "other").readReply();
        bob.command("HDEL", "app:h", "f").readReply();
        connect().command("AUTH", "bob", "wrong").readReply();
        List<Map<String, Object>> log = redis.aclLog();
        assertThat(log).hasSize(3);
        assertThat(entry(log, 0)).containsEntry("reason", "auth").containsEntry("object", "AUTH")
                .containsEntry("username", "bob").containsEntry("context", "toplevel").containsEntry("count", 1L);
        assertThat(entry(log, 1)).containsEntry("reason", "command").containsEntry("object", "hdel");
        assertThat(entry(log, 2)).containsEntry("reason", "key").containsEntry("object", "other")
                .containsEntry("count", 2L);
        assertThat(entry(log, 2).keySet()).containsExactly("count", "reason", "context", "object", "username",
                "age-seconds", "client-info", "entry-id", "timestamp-created", "timestamp-last-updated");
        assertThat((String) entry(log, 2).get("client-info")).contains(" user=bob ");
        assertThat(redis.aclLog(1)).hasSize(1);
        assertThat(redis.aclLogReset()).isEqualTo("OK");
        assertThat(redis.aclLog()).isEmpty();
    }

    private static Map<String, Object> entry(List<Map<String, Object>> log, int index) {
        return log.get(index);
    }

    @Test
    void catGenpassDryrunAndHelp() throws Exception {
        assertThat(redis.aclCat()).hasSize(21).startsWith(io.lettuce.core.AclCategory.KEYSPACE);
        assertThat(raw().command("ACL", "CAT", "nosuch").readReply()).isEqualTo("-ERR Unknown category 'nosuch'\r\n");
        assertThat(raw().command("ACL", "CAT", "connection").readReply()).contains(bulk("auth"), bulk("hello"),
                bulk("client|list"));
        assertThat(redis.aclGenpass()).hasSize(64).matches("[0-9a-f]+");
        assertThat(redis.aclGenpass(5)).hasSize(2);
        assertThat(raw().command("ACL", "GENPASS", "0").readReply()).isEqualTo("-ERR ACL GENPASS argument must be "
                + "the number of bits for the output password, a positive number up to 4096\r\n");
        raw().command("ACL", "SETUSER", "alice", "~app:*", "+@hash").readReply();
        assertThat(raw().command("ACL", "DRYRUN", "alice", "hget", "app:1", "f").readReply()).isEqualTo("+OK\r\n");
        assertThat(raw().command("ACL", "DRYRUN", "alice", "hset", "x", "f", "v").readReply())
                .isEqualTo(bulk("This user has no permissions to access the 'x' key"));
        assertThat(raw().command("ACL", "DRYRUN", "alice", "get", "app:1").readReply())
                .isEqualTo(bulk("This user has no permissions to run the 'get' command"));
        assertThat(raw().command("ACL", "DRYRUN", "nosuch", "get", "a").readReply())
                .isEqualTo("-ERR User 'nosuch' not found\r\n");
        assertThat(raw().command("ACL", "DRYRUN", "alice", "nosuch").readReply())
                .isEqualTo("-ERR Command 'nosuch' not found\r\n");
        assertThat(raw().command("ACL", "HELP").readReply()).startsWith("*29\r\n+ACL <subcommand>");
        assertThat(raw().command("ACL", "SAVE").readReply()).startsWith("-ERR This Redis instance is not configured "
                + "to use an ACL file.");
    }
}
