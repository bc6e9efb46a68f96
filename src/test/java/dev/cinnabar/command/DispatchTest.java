package dev.cinnabar.command;

import dev.cinnabar.support.RawClient;
import dev.cinnabar.support.ServerTest;
import io.lettuce.core.RedisCommandExecutionException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DispatchTest extends ServerTest {

    @Test
    void pingAnswersPongAsASimpleString() throws Exception {
        RawClient raw = raw();
        assertThat(raw.command("PING").readReply()).isEqualTo("+PONG\r\n");
        assertThat(raw.command("ping", "hello").readReply()).isEqualTo("$5\r\nhello\r\n");
    }

    @Test
    void unknownCommandQuotesItsFirstArguments() throws Exception {
        assertThat(raw().command("FOO", "a", "b").readReply())
                .isEqualTo("-ERR unknown command 'FOO', with args beginning with: 'a' 'b' \r\n");
    }

    @Test
    void wrongArityNamesTheCommandInLowerCase() {
        assertThatThrownBy(() -> redis.dispatch(io.lettuce.core.protocol.CommandType.GET,
                new io.lettuce.core.output.StatusOutput<>(io.lettuce.core.codec.StringCodec.UTF8)))
                .isInstanceOf(RedisCommandExecutionException.class)
                .hasMessage("ERR wrong number of arguments for 'get' command");
    }

    @Test
    void commandNamesAreCaseInsensitive() throws Exception {
        RawClient raw = raw();
        assertThat(raw.command("sEt", "k", "v").readReply()).isEqualTo("+OK\r\n");
        assertThat(raw.command("GeT", "k").readReply()).isEqualTo("$1\r\nv\r\n");
    }
}
