package dev.cinnabar.command.connection;

import dev.cinnabar.support.RawClient;
import dev.cinnabar.support.ServerTest;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectionCommandsTest extends ServerTest {

    @Test
    void pingAnswersPongOrItsArgument() throws Exception {
        RawClient raw = raw();
        assertThat(raw.command("PING").readReply()).isEqualTo("+PONG\r\n");
        assertThat(raw.command("PING", "hi there").readReply()).isEqualTo("$8\r\nhi there\r\n");
        assertThat(raw.command("PING", "a", "b").readReply())
                .isEqualTo("-ERR wrong number of arguments for 'ping' command\r\n");
        assertThat(redis.ping()).isEqualTo("PONG");
    }

    @Test
    void echoAnswersItsArgumentAsABulkString() throws Exception {
        RawClient raw = raw();
        assertThat(raw.command("ECHO", "").readReply()).isEqualTo("$0\r\n\r\n");
        assertThat(raw.command("echo", "x\r\ny").readReply()).isEqualTo("$4\r\nx\r\ny\r\n");
        assertThat(raw.command("ECHO").readReply())
                .isEqualTo("-ERR wrong number of arguments for 'echo' command\r\n");
        assertThat(redis.echo("hello")).isEqualTo("hello");
    }

    @Test
    void quitAnswersOkThenClosesWithoutRunningWhatFollows() throws Exception {
        RawClient raw = raw();
        raw.send("*1\r\n$4\r\nQUIT\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n");
        assertThat(raw.readReply()).isEqualTo("+OK\r\n");
        assertThat(raw.isClosedByServer()).isTrue();
        assertThat(redis.get("k")).isNull();
    }

    @Test
    void quitAcceptsExtraArguments() throws Exception {
        RawClient raw = raw();
        assertThat(raw.command("quit", "now").readReply()).isEqualTo("+OK\r\n");
        assertThat(raw.isClosedByServer()).isTrue();
    }

    @Test
    void selectIsolatesDatabases() {
        RedisCommands<String, String> other = newConnection().sync();
        redis.set("k", "in-0");
        assertThat(other.select(5)).isEqualTo("OK");
        assertThat(other.get("k")).isNull();
        other.set("k", "in-5");
        assertThat(redis.get("k")).isEqualTo("in-0");
        assertThat(other.get("k")).isEqualTo("in-5");
        assertThat(redis.select(5)).isEqualTo("OK");
        assertThat(redis.get("k")).isEqualTo("in-5");
    }

    @Test
    void selectRejectsBadIndexesWithRedisErrors() throws Exception {
        RawClient raw = raw();
        assertThat(raw.command("SELECT", "16").readReply()).isEqualTo("-ERR DB index is out of range\r\n");
        assertThat(raw.command("SELECT", "-1").readReply()).isEqualTo("-ERR DB index is out of range\r\n");
        assertThat(raw.command("SELECT", "x").readReply())
                .isEqualTo("-ERR value is not an integer or out of range\r\n");
        assertThat(raw.command("SELECT", "4294967296").readReply())
                .isEqualTo("-ERR value is out of range, value must between -2147483648 and 2147483647\r\n");
        assertThat(raw.command("SELECT", "99999999999999999999").readReply())
                .isEqualTo("-ERR value is not an integer or out of range\r\n");
        assertThat(raw.command("SELECT", "15").readReply()).isEqualTo("+OK\r\n");
        assertThat(raw.command("SELECT").readReply())
                .isEqualTo("-ERR wrong number of arguments for 'select' command\r\n");
    }

    @Test
    void helloTwoAnswersTheServerMapAsAFlatArray() throws Exception {
        RawClient raw = raw();
        String id = raw.command("CLIENT", "ID").readReply().substring(1).trim();
        String expected = "*14\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n"
                + "$5\r\nproto\r\n:2\r\n$2\r\nid\r\n:" + id + "\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n"
                + "$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n";
        assertThat(raw.command("HELLO", "2").readReply()).isEqualTo(expected);
        assertThat(raw.command("HELLO").readReply()).isEqualTo(expected);
    }

    @Test
    void helloSetnameNamesTheConnection() throws Exception {
        RawClient raw = raw();
        assertThat(raw.command("HELLO", "2", "SETNAME", "worker-1").readReply()).startsWith("*14\r\n");
        assertThat(raw.command("CLIENT", "GETNAME").readReply()).isEqualTo("$8\r\nworker-1\r\n");
        assertThat(raw.command("HELLO", "2", "SETNAME", "bad name").readReply())
                .isEqualTo("-ERR Client names cannot contain spaces, newlines or special characters.\r\n");
        assertThat(raw.command("CLIENT", "GETNAME").readReply()).isEqualTo("$8\r\nworker-1\r\n");
    }

    @Test
    void helloRejectsUnsupportedVersionsAndBadOptions() throws Exception {
        RawClient raw = raw();
        assertThat(raw.command("HELLO", "3").readReply())
                .isEqualTo("-NOPROTO sorry, this protocol version is not supported\r\n");
        assertThat(raw.command("HELLO", "4").readReply()).isEqualTo("-NOPROTO unsupported protocol version\r\n");
        assertThat(raw.command("HELLO", "1").readReply()).isEqualTo("-NOPROTO unsupported protocol version\r\n");
        assertThat(raw.command("HELLO", "two").readReply())
                .isEqualTo("-ERR Protocol version is not an integer or out of range\r\n");
        assertThat(raw.command("HELLO", "2", "SETNAME").readReply())
                .isEqualTo("-ERR Syntax error in HELLO option 'SETNAME'\r\n");
        assertThat(raw.command("HELLO", "2", "auth", "default").readReply())
                .isEqualTo("-ERR Syntax error in HELLO option 'auth'\r\n");
        assertThat(raw.command("HELLO", "2", "foo").readReply())
                .isEqualTo("-ERR Syntax error in HELLO option 'foo'\r\n");
    }

    @Test
    void helloAuthWithoutAPasswordConfiguredAcceptsOnlyTheDefaultUser() throws Exception {
        RawClient raw = raw();
        assertThat(raw.command("HELLO", "2", "AUTH", "default", "anything").readReply()).startsWith("*14\r\n");
        assertThat(raw.command("HELLO", "2", "AUTH", "alice", "anything").readReply())
                .isEqualTo("-WRONGPASS invalid username-password pair or user is disabled.\r\n");
    }

    @Test
    void lettuceFallsBackToResp2AfterHelloThree() {
        assertThat(redis.clientInfo()).contains(" resp=2 ");
        assertThat(redis.set("k", "v")).isEqualTo("OK");
    }

    @Test
    void resetRestoresTheStateOfANewConnection() throws Exception {
        RawClient raw = raw();
        raw.command("SELECT", "3").readReply();
        raw.command("CLIENT", "SETNAME", "named").readReply();
        raw.command("CLIENT", "NO-EVICT", "on").readReply();
        raw.command("CLIENT", "SETINFO", "LIB-NAME", "mylib").readReply();
        assertThat(raw.command("RESET").readReply()).isEqualTo("+RESET\r\n");
        String info = raw.command("CLIENT", "INFO").readReply();
        assertThat(info).contains(" name= ", " db=0 ", " flags=N ", " resp=2 ", " user=default ",
                " lib-name=mylib ");
        assertThat(raw.command("CLIENT", "GETNAME").readReply()).isEqualTo("$-1\r\n");
        assertThat(raw.command("RESET", "x").readReply())
                .isEqualTo("-ERR wrong number of arguments for 'reset' command\r\n");
    }

    @Test
    void lettuceSeesRedisErrorsForSelect() {
        assertThatThrownBy(() -> redis.select(99))
                .isInstanceOf(RedisCommandExecutionException.class)
                .hasMessage("ERR DB index is out of range");
    }
}
