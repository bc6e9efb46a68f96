package dev.cinnabar.command.connection;

import dev.cinnabar.support.RawClient;
import dev.cinnabar.support.ServerTest;
import io.lettuce.core.KillArgs;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ClientCommandsTest extends ServerTest {

    private static final List<String> FIELDS = List.of("id", "addr", "laddr", "fd", "name", "age", "idle",
            "flags", "db", "sub", "psub", "ssub", "multi", "watch", "qbuf", "qbuf-free", "argv-mem", "multi-mem", "rbs",
            "rbp", "obl", "oll", "omem", "tot-mem", "events", "cmd", "user", "redir", "resp", "lib-name",
            "lib-ver");

    @Test
    void idIsUniqueAndGrowsWithEachConnection() throws Exception {
        long first = redis.clientId();
        long second = newConnection().sync().clientId();
        assertThat(second).isGreaterThan(first);
        assertThat(redis.clientId()).isEqualTo(first);
        assertThat(raw().command("CLIENT", "ID", "x").readReply())
                .isEqualTo("-ERR wrong number of arguments for 'client|id' command\r\n");
    }

    @Test
    void setnameAndGetname() throws Exception {
        RawClient raw = raw();
        assertThat(raw.command("CLIENT", "GETNAME").readReply()).isEqualTo("$-1\r\n");
        assertThat(raw.command("CLIENT", "SETNAME", "app:worker-7").readReply()).isEqualTo("+OK\r\n");
        assertThat(raw.command("client", "getname").readReply()).isEqualTo("$12\r\napp:worker-7\r\n");
        assertThat(raw.command("CLIENT", "SETNAME", "").readReply()).isEqualTo("+OK\r\n");
        assertThat(raw.command("CLIENT", "GETNAME").readReply()).isEqualTo("$-1\r\n");
    }

    @Test
    void setnameRejectsSpacesNewlinesAndSpecialCharacters() throws Exception {
        RawClient raw = raw();
        for (String name : List.of("a b", "a\nb", "tab\there", "é", "\u007f")) {
            assertThat(raw.command("CLIENT", "SETNAME", name).readReply())
                    .isEqualTo("-ERR Client names cannot contain spaces, newlines or special characters.\r\n");
        }
        assertThat(raw.command("CLIENT", "GETNAME").readReply()).isEqualTo("$-1\r\n");
        assertThat(raw.command("CLIENT", "SETNAME").readReply())
                .isEqualTo("-ERR wrong number of arguments for 'client|setname' command\r\n");
    }

    @Test
    void listShowsEveryConnectionInRedisLineFormat() throws Exception {
        RawClient other = raw();
        other.command("CLIENT", "SETNAME", "other").readReply();
        other.command("SELECT", "4").readReply();
        long otherId = Long.parseLong(other.command("CLIENT", "ID").readReply().substring(1).trim());
        redis.clientSetname("main");

        String list = redis.clientList();
        assertThat(list).endsWith("\n");
        Map<Long, Map<String, String>> clients = new LinkedHashMap<>();
        for (String line : list.split("\n")) {
            Map<String, String> fields = parse(line);
            assertThat(fields.keySet()).containsExactlyElementsOf(FIELDS);
            clients.put(Long.parseLong(fields.get("id")), fields);
        }
        Map<String, String> mine = clients.get(redis.clientId());
        assertThat(mine).containsEntry("name", "main").containsEntry("db", "0")
                .containsEntry("cmd", "client|list").containsEntry("flags", "N").containsEntry("resp", "2")
                .containsEntry("user", "default").containsEntry("laddr", "127.0.0.1:" + server.port())
                .containsEntry("argv-mem", "10");
        Map<String, String> theirs = clients.get(otherId);
        assertThat(theirs).containsEntry("name", "other").containsEntry("db", "4").containsEntry("cmd", "client|id")
                .containsEntry("argv-mem", "0").containsEntry("multi", "-1").containsEntry("events", "r");
        assertThat(Integer.parseInt(theirs.get("fd"))).isNotZero();
        assertThat(theirs.get("addr")).matches("127\\.0\\.0\\.1:\\d+");
    }

    @Test
    void listFiltersByTypeAndId() throws Exception {
        RawClient raw = raw();
        long otherId = newConnection().sync().clientId();
        long myId = Long.parseLong(raw.command("CLIENT", "ID").readReply().substring(1).trim());

        String byId = bulk(raw.command("CLIENT", "LIST", "ID", String.valueOf(otherId), "999999",
                String.valueOf(myId)).readReply());
        assertThat(Arrays.stream(byId.split("\n")).map(line -> parse(line).get("id")))
                .containsExactly(String.valueOf(otherId), String.valueOf(myId));
        assertThat(bulk(raw.command("CLIENT", "LIST", "TYPE", "NORMAL").readReply()))
                .contains("id=" + otherId + " ", "id=" + myId + " ");
        assertThat(raw.command("CLIENT", "LIST", "TYPE", "pubsub").readReply()).isEqualTo("$0\r\n\r\n");
        assertThat(raw.command("CLIENT", "LIST", "TYPE", "replica").readReply()).isEqualTo("$0\r\n\r\n");
        assertThat(raw.command("CLIENT", "LIST", "TYPE", "master").readReply()).isEqualTo("$0\r\n\r\n");
    }

    @Test
    void listRejectsBadFiltersWithRedisErrors() throws Exception {
        RawClient raw = raw();
        assertThat(raw.command("CLIENT", "LIST", "TYPE", "foo").readReply())
                .isEqualTo("-ERR Unknown client type 'foo'\r\n");
        assertThat(raw.command("CLIENT", "LIST", "ID").readReply()).isEqualTo("-ERR syntax error\r\n");
        assertThat(raw.command("CLIENT", "LIST", "ID", "0", "-1").readReply()).isEqualTo("$0\r\n\r\n");
        assertThat(raw.command("CLIENT", "LIST", "ID", "1.5").readReply()).isEqualTo("-ERR Invalid client ID\r\n");
        assertThat(raw.command("CLIENT", "LIST", "ID", "x").readReply()).isEqualTo("-ERR Invalid client ID\r\n");
        assertThat(raw.command("CLIENT", "LIST", "foo").readReply()).isEqualTo("-ERR syntax error\r\n");
        assertThat(raw.command("CLIENT", "LIST", "TYPE", "normal", "ID", "1").readReply())
                .isEqualTo("-ERR syntax error\r\n");
    }

    @Test
    void infoDescribesTheCallingClient() throws Exception {
        RawClient raw = raw();
        raw.command("SELECT", "2").readReply();
        raw.command("CLIENT", "SETNAME", "me").readReply();
        String reply = raw.command("CLIENT", "INFO").readReply();
        String line = bulk(reply);
        assertThat(line).endsWith("\n").doesNotContain("\nid=");
        Map<String, String> fields = parse(line.trim());
        assertThat(fields.keySet()).containsExactlyElementsOf(FIELDS);
        assertThat(fields).containsEntry("name", "me").containsEntry("db", "2").containsEntry("cmd", "client|info");
    }

    @Test
    void lettuceSendsItsLibraryNameAndVersionWithSetinfo() {
        Map<String, String> fields = parse(redis.clientInfo().trim());
        assertThat(fields.get("lib-name")).isEqualTo("Lettuce");
        assertThat(fields.get("lib-ver")).isNotEmpty();
    }

    @Test
    void setinfoValidatesLikeRedis() throws Exception {
        RawClient raw = raw();
        assertThat(raw.command("CLIENT", "SETINFO", "lib-name", "redis-py(django_v4)").readReply())
                .isEqualTo("+OK\r\n");
        assertThat(raw.command("CLIENT", "SETINFO", "LIB-VER", "5.0.1").readReply()).isEqualTo("+OK\r\n");
        assertThat(bulk(raw.command("CLIENT", "INFO").readReply()))
                .contains(" lib-name=redis-py(django_v4) lib-ver=5.0.1\n");
        assertThat(raw.command("CLIENT", "SETINFO", "lib-name", "a b").readReply())
                .isEqualTo("-ERR lib-name cannot contain spaces, newlines or special characters.\r\n");
        assertThat(raw.command("CLIENT", "SETINFO", "LIB-VER", "1\n2").readReply())
                .isEqualTo("-ERR LIB-VER cannot contain spaces, newlines or special characters.\r\n");
        assertThat(raw.command("CLIENT", "SETINFO", "color", "red").readReply())
                .isEqualTo("-ERR Unrecognized option 'color'\r\n");
        assertThat(raw.command("CLIENT", "SETINFO", "lib-name", "").readReply()).isEqualTo("+OK\r\n");
        assertThat(bulk(raw.command("CLIENT", "INFO").readReply())).contains(" lib-name= lib-ver=5.0.1\n");
    }

    @Test
    void noEvictAndNoTouchTakeOnOrOff() throws Exception {
        RawClient raw = raw();
        assertThat(raw.command("CLIENT", "NO-EVICT", "ON").readReply()).isEqualTo("+OK\r\n");
        assertThat(raw.command("CLIENT", "NO-TOUCH", "on").readReply()).isEqualTo("+OK\r\n");
        assertThat(bulk(raw.command("CLIENT", "INFO").readReply())).contains(" flags=eT ");
        assertThat(raw.command("CLIENT", "NO-EVICT", "off").readReply()).isEqualTo("+OK\r\n");
        assertThat(raw.command("CLIENT", "NO-TOUCH", "OFF").readReply()).isEqualTo("+OK\r\n");
        assertThat(bulk(raw.command("CLIENT", "INFO").readReply())).contains(" flags=N ");
        assertThat(raw.command("CLIENT", "NO-EVICT", "maybe").readReply()).isEqualTo("-ERR syntax error\r\n");
        assertThat(raw.command("CLIENT", "NO-TOUCH", "yes").readReply()).isEqualTo("-ERR syntax error\r\n");
    }

    @Test
    void killByAddressClosesThatConnectionOnly() throws Exception {
        RawClient victim = raw();
        RawClient bystander = raw();
        String address = parse(bulk(victim.command("CLIENT", "INFO").readReply()).trim()).get("addr");

        assertThat(redis.clientKill(address)).isEqualTo("OK");
        assertThat(victim.isClosedByServer()).isTrue();
        assertThat(bystander.command("PING").readReply()).isEqualTo("+PONG\r\n");
        assertThat(redis.clientList()).doesNotContain("addr=" + address + " ");
        assertThat(raw().command("CLIENT", "KILL", address).readReply()).isEqualTo("-ERR No such client\r\n");
    }

    @Test
    void killWithFiltersAnswersTheCount() throws Exception {
        RawClient victim = raw();
        RawClient bystander = raw();
        long victimId = Long.parseLong(victim.command("CLIENT", "ID").readReply().substring(1).trim());

        assertThat(redis.clientKill(KillArgs.Builder.id(victimId))).isEqualTo(1);
        assertThat(victim.isClosedByServer()).isTrue();
        assertThat(redis.clientKill(KillArgs.Builder.id(victimId))).isZero();
        assertThat(bystander.command("PING").readReply()).isEqualTo("+PONG\r\n");
    }

    @Test
    void killSkipsTheCallerUnlessSkipmeIsNo() throws Exception {
        RawClient caller = raw();
        long callerId = Long.parseLong(caller.command("CLIENT", "ID").readReply().substring(1).trim());
        String id = String.valueOf(callerId);
        assertThat(caller.command("CLIENT", "KILL", "ID", id).readReply()).isEqualTo(":0\r\n");
        assertThat(caller.command("CLIENT", "KILL", "ID", id, "SKIPME", "no").readReply()).isEqualTo(":1\r\n");
        assertThat(caller.isClosedByServer()).isTrue();
        assertThat(redis.ping()).isEqualTo("PONG");
    }

    @Test
    void killOfItselfByAddressAnswersBeforeClosing() throws Exception {
        RawClient caller = raw();
        String address = parse(bulk(caller.command("CLIENT", "INFO").readReply()).trim()).get("addr");
        assertThat(caller.command("CLIENT", "KILL", address).readReply()).isEqualTo("+OK\r\n");
        assertThat(caller.isClosedByServer()).isTrue();
    }

    @Test
    void killByTypeUserAndLocalAddressSparesTheCaller() throws Exception {
        RawClient first = raw();
        RawClient second = raw();
        first.command("PING").readReply();
        second.command("PING").readReply();
        RawClient caller = raw();
        String killed = caller.command("CLIENT", "KILL", "TYPE", "normal", "USER", "default",
                "LADDR", "127.0.0.1:" + server.port()).readReply();
        assertThat(Long.parseLong(killed.substring(1).trim())).isGreaterThanOrEqualTo(2);
        assertThat(first.isClosedByServer()).isTrue();
        assertThat(second.isClosedByServer()).isTrue();
        assertThat(caller.command("PING").readReply()).isEqualTo("+PONG\r\n");
        assertThat(caller.command("CLIENT", "KILL", "TYPE", "pubsub").readReply()).isEqualTo(":0\r\n");
    }

    @Test
    void killByMaxAgeSparesYoungerConnections() throws Exception {
        RawClient young = raw();
        young.command("PING").readReply();
        assertThat(raw().command("CLIENT", "KILL", "MAXAGE", "3600").readReply()).isEqualTo(":0\r\n");
        assertThat(young.command("PING").readReply()).isEqualTo("+PONG\r\n");
    }

    @Test
    void killRejectsBadFiltersWithRedisErrors() throws Exception {
        RawClient raw = raw();
        assertThat(raw.command("CLIENT", "KILL", "ID", "0").readReply())
                .isEqualTo("-ERR client-id should be greater than 0\r\n");
        assertThat(raw.command("CLIENT", "KILL", "ID", "x").readReply())
                .isEqualTo("-ERR client-id should be greater than 0\r\n");
        assertThat(raw.command("CLIENT", "KILL", "TYPE", "foo").readReply())
                .isEqualTo("-ERR Unknown client type 'foo'\r\n");
        assertThat(raw.command("CLIENT", "KILL", "USER", "nobody").readReply())
                .isEqualTo("-ERR No such user 'nobody'\r\n");
        assertThat(raw.command("CLIENT", "KILL", "SKIPME", "maybe").readReply()).isEqualTo("-ERR syntax error\r\n");
        assertThat(raw.command("CLIENT", "KILL", "ID", "1", "SKIPME").readReply()).isEqualTo("-ERR syntax error\r\n");
        assertThat(raw.command("CLIENT", "KILL", "foo", "bar").readReply()).isEqualTo("-ERR syntax error\r\n");
        assertThat(raw.command("CLIENT", "KILL").readReply())
                .isEqualTo("-ERR wrong number of arguments for 'client|kill' command\r\n");
        assertThat(raw.command("PING").readReply()).isEqualTo("+PONG\r\n");
    }

    @Test
    void helpListsTheSubcommandsAsSimpleStrings() throws Exception {
        String help = raw().command("CLIENT", "HELP").readReply();
        assertThat(help).startsWith("*45\r\n+CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n")
                .contains("+SETNAME <name>\r\n", "+KILL <ip:port>\r\n", "+UNBLOCK <clientid> [TIMEOUT|ERROR]\r\n")
                .endsWith("+HELP\r\n+    Prints this help.\r\n");
    }

    @Test
    void unknownSubcommandPointsToHelp() throws Exception {
        assertThat(raw().command("CLIENT", "FOO").readReply())
                .isEqualTo("-ERR unknown subcommand 'FOO'. Try CLIENT HELP.\r\n");
    }

    private static Map<String, String> parse(String line) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String field : line.split(" ")) {
            int equals = field.indexOf('=');
            fields.put(field.substring(0, equals), field.substring(equals + 1));
        }
        return fields;
    }

    /** The text of a raw bulk reply. */
    private static String bulk(String reply) {
        return reply.substring(reply.indexOf("\r\n") + 2, reply.length() - 2);
    }
}
