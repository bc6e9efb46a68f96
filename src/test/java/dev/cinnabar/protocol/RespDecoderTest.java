package dev.cinnabar.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The request decoder against the behaviour of redis-server 7.0 (every expectation here was
 * observed by sending the same bytes to a real server over a raw socket).
 */
class RespDecoderTest {

    /** Feeds bytes to one decoder, as a connection's cumulation buffer would, and collects the requests. */
    private static final class Connection {
        private final RespDecoder decoder;
        private final ByteBuf buffer = Unpooled.buffer();
        private final CommandArgs args = new CommandArgs();
        private final List<List<String>> requests = new ArrayList<>();

        Connection(RespLimits limits) {
            decoder = new RespDecoder(() -> limits);
        }

        Connection() {
            this(RespLimits.REDIS_DEFAULTS);
        }

        Connection feed(byte[] bytes) throws RespProtocolException {
            buffer.writeBytes(bytes);
            while (decoder.decode(buffer, args)) {
                List<String> request = new ArrayList<>();
                for (int i = 0; i < args.count(); i++) {
                    request.add(new String(args.get(i), StandardCharsets.ISO_8859_1));
                }
                requests.add(request);
                args.clear();
            }
            buffer.discardReadBytes();
            return this;
        }

        Connection feed(String bytes) throws RespProtocolException {
            return feed(latin1(bytes));
        }
    }

    private static byte[] latin1(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static List<List<String>> decodeAll(String bytes) throws RespProtocolException {
        return new Connection().feed(bytes).requests;
    }

    private static String multibulk(String... args) {
        StringBuilder request = new StringBuilder("*").append(args.length).append("\r\n");
        for (String arg : args) {
            request.append('$').append(arg.length()).append("\r\n").append(arg).append("\r\n");
        }
        return request.toString();
    }

    private static final String PIPELINE = multibulk("SET", "key", "value")
            + "PING\r\n"
            + multibulk("ECHO", "with\r\nCRLF\u0000and*$:")
            + "*0\r\n"
            + "\r\n"
            + "ECHO \"quoted \\x41\\n\" 'single'\n"
            + multibulk("GET", "")
            + "*-1\r\n"
            + "   \r\n"
            + multibulk("MSET", "a", "1", "b", "2", "c", "3")
            + "PING\r\n";

    private static final List<List<String>> PIPELINE_REQUESTS = List.of(
            List.of("SET", "key", "value"),
            List.of("PING"),
            List.of("ECHO", "with\r\nCRLF\u0000and*$:"),
            List.of("ECHO", "quoted A\n", "single"),
            List.of("GET", ""),
            List.of("MSET", "a", "1", "b", "2", "c", "3"),
            List.of("PING"));

    @Test
    void decodesAMultibulkRequest() throws Exception {
        assertThat(decodeAll("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nvalue\r\n"))
                .containsExactly(List.of("SET", "k", "value"));
    }

    @Test
    void decodesAnInlineRequestEndingInCrlfOrLf() throws Exception {
        assertThat(decodeAll("SET k value\r\nGET k\n"))
                .containsExactly(List.of("SET", "k", "value"), List.of("GET", "k"));
    }

    @Test
    void decodesAPipelineOfMixedRequestsInOneBuffer() throws Exception {
        assertThat(decodeAll(PIPELINE)).isEqualTo(PIPELINE_REQUESTS);
    }

    @Test
    void decodesThePipelineFedOneByteAtATime() throws Exception {
        Connection connection = new Connection();
        for (byte b : latin1(PIPELINE)) {
            connection.feed(new byte[] {b});
        }
        assertThat(connection.requests).isEqualTo(PIPELINE_REQUESTS);
    }

    @Test
    void decodesThePipelineSplitAtEveryPossiblePoint() throws Exception {
        byte[] bytes = latin1(PIPELINE);
        for (int split = 0; split <= bytes.length; split++) {
            Connection connection = new Connection();
            connection.feed(Arrays.copyOfRange(bytes, 0, split));
            connection.feed(Arrays.copyOfRange(bytes, split, bytes.length));
            assertThat(connection.requests).as("split at %d", split).isEqualTo(PIPELINE_REQUESTS);
        }
    }

    @Test
    void decodesThePipelineSplitIntoRandomChunks() throws Exception {
        byte[] bytes = latin1(PIPELINE);
        Random random = new Random(20240601);
        for (int round = 0; round < 500; round++) {
            Connection connection = new Connection();
            List<Integer> chunkSizes = new ArrayList<>();
            for (int position = 0; position < bytes.length; ) {
                int size = Math.min(bytes.length - position, 1 + random.nextInt(12));
                chunkSizes.add(size);
                connection.feed(Arrays.copyOfRange(bytes, position, position + size));
                position += size;
            }
            assertThat(connection.requests).as("chunks %s", chunkSizes).isEqualTo(PIPELINE_REQUESTS);
        }
    }

    @Test
    void bulkArgumentsAreBinarySafe() throws Exception {
        byte[] value = new byte[256];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) i;
        }
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(latin1("*2\r\n$4\r\nECHO\r\n$256\r\n"));
        request.writeBytes(value);
        request.writeBytes(latin1("\r\n"));

        ByteBuf buffer = Unpooled.wrappedBuffer(request.toByteArray());
        CommandArgs args = new CommandArgs();
        assertThat(new RespDecoder(() -> RespLimits.REDIS_DEFAULTS).decode(buffer, args)).isTrue();
        assertThat(args.count()).isEqualTo(2);
        assertThat(args.get(1)).isEqualTo(value);
    }

    @Test
    void aLargeBulkArrivingInManySmallPiecesIsAssembled() throws Exception {
        byte[] value = new byte[1 << 20];
        new Random(7).nextBytes(value);
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(latin1("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$" + value.length + "\r\n"));
        request.writeBytes(value);
        request.writeBytes(latin1("\r\n"));
        byte[] bytes = request.toByteArray();

        RespDecoder decoder = new RespDecoder(() -> RespLimits.REDIS_DEFAULTS);
        ByteBuf buffer = Unpooled.buffer();
        CommandArgs args = new CommandArgs();
        int decoded = 0;
        for (int position = 0; position < bytes.length; position += 1000) {
            buffer.writeBytes(bytes, position, Math.min(1000, bytes.length - position));
            if (decoder.decode(buffer, args)) {
                decoded++;
            }
            assertThat(decoder.inRequest()).isEqualTo(decoded == 0);
        }
        assertThat(decoded).isEqualTo(1);
        assertThat(args.get(2)).isEqualTo(value);
        assertThat(buffer.isReadable()).isFalse();
    }

    @Test
    void emptyBulkIsAnEmptyArgument() throws Exception {
        assertThat(decodeAll("*2\r\n$4\r\nECHO\r\n$0\r\n\r\n")).containsExactly(List.of("ECHO", ""));
        assertThat(decodeAll("*1\r\n$0\r\n\r\n")).containsExactly(List.of(""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"*0\r\n", "*-1\r\n", "*-5\r\n", "*-9223372036854775808\r\n", "\r\n", "\n", "   \r\n", "\t \r\n"})
    void requestsWithoutArgumentsAreSkipped(String empty) throws Exception {
        assertThat(decodeAll(empty + "PING\r\n")).containsExactly(List.of("PING"));
    }

    @Test
    void theTwoBytesAfterABulkAreNotChecked() throws Exception {
        assertThat(decodeAll("*1\r\n$4\r\nPINGxx*1\r\n$4\r\nPING\r\n"))
                .containsExactly(List.of("PING"), List.of("PING"));
    }

    @Test
    void aMultibulkCountOfOneMebiArgumentsIsTheLimit() throws Exception {
        Connection connection = new Connection().feed("*1048576\r\n$4\r\nPING\r\n");
        assertThat(connection.requests).isEmpty();
        assertThat(connection.decoder.inRequest()).isTrue();
        assertThatThrownBy(() -> new Connection().feed("*1048577\r\n"))
                .hasMessage("Protocol error: invalid multibulk length");
    }

    @ParameterizedTest
    @ValueSource(strings = {"*1\r", "*1\r\n$4\r", "*1\r\n$4\r\nPING", "*1\r\n$4\r\nPING\r", "*2\r\n$4\r\nECHO\r\n",
            "*1\r\n$536870912\r\n", "PING", "PING\r", "ECHO \"unterminated but no newline"})
    void incompleteRequestsWaitForMoreBytes(String partial) throws Exception {
        assertThat(decodeAll(partial)).isEmpty();
    }

    @Test
    void linesUpToTheInlineLimitWaitForTheirEnd() throws Exception {
        assertThat(decodeAll("x".repeat(65536))).isEmpty();
        assertThat(decodeAll("*" + "1".repeat(65535))).isEmpty();
        assertThat(decodeAll("*1\r\n$" + "1".repeat(65535))).isEmpty();
    }

    static Stream<Arguments> inlineRequests() {
        return Stream.of(
                Arguments.of("ECHO \"a\\nb\"", List.of("ECHO", "a\nb")),
                Arguments.of("ECHO \"\\x41\\x4a\"", List.of("ECHO", "AJ")),
                Arguments.of("ECHO \"\\xff\\xFf\"", List.of("ECHO", "\u00ff\u00ff")),
                Arguments.of("ECHO \"\\x4g\"", List.of("ECHO", "x4g")),
                Arguments.of("ECHO \"\\x4\"", List.of("ECHO", "x4")),
                Arguments.of("ECHO \"\\x\"", List.of("ECHO", "x")),
                Arguments.of("ECHO \"\\X41\"", List.of("ECHO", "X41")),
                Arguments.of("ECHO \"\\a\\b\\t\\r\"", List.of("ECHO", "\u0007\b\t\r")),
                Arguments.of("ECHO \"a\\\"b\"", List.of("ECHO", "a\"b")),
                Arguments.of("ECHO \"a\\\\b\"", List.of("ECHO", "a\\b")),
                Arguments.of("ECHO \"a\\qb\"", List.of("ECHO", "aqb")),
                Arguments.of("ECHO \"a\rb\"", List.of("ECHO", "a\rb")),
                Arguments.of("ECHO 'a\\'b'", List.of("ECHO", "a'b")),
                Arguments.of("ECHO 'a\\nb'", List.of("ECHO", "a\\nb")),
                Arguments.of("ECHO 'a\\\\b'", List.of("ECHO", "a\\\\b")),
                Arguments.of("ECHO \"\" ''", List.of("ECHO", "", "")),
                Arguments.of("ECHO a\"b\"", List.of("ECHO", "ab")),
                Arguments.of("ECHO a'b'", List.of("ECHO", "ab")),
                Arguments.of("ECHO ab\"c d\"", List.of("ECHO", "abc d")),
                Arguments.of("ECHO \"a\" \"b\"", List.of("ECHO", "a", "b")),
                Arguments.of("ECHO \"a\"\t", List.of("ECHO", "a")),
                Arguments.of("ECHO \"a\"\u000b", List.of("ECHO", "a")),
                Arguments.of("ECHO 'a'\f", List.of("ECHO", "a")),
                Arguments.of("ECHO\ta", List.of("ECHO", "a")),
                Arguments.of("ECHO a\rb", List.of("ECHO", "a", "b")),
                Arguments.of("\u000bPING", List.of("PING")),
                Arguments.of("\fPING\f", List.of("PING\f")),
                Arguments.of("PING\r", List.of("PING")),
                Arguments.of("\rPING ", List.of("PING")),
                Arguments.of("ECHO \"\u00c3\u00a9\"", List.of("ECHO", "\u00c3\u00a9")));
    }

    @ParameterizedTest
    @MethodSource("inlineRequests")
    void splitsInlineRequestsLikeRedis(String line, List<String> expected) throws Exception {
        assertThat(decodeAll(line + "\r\n")).containsExactly(expected);
    }

    static Stream<Arguments> protocolErrors() {
        String tooBig = "x".repeat(65537);
        return Stream.of(
                Arguments.of("*abc\r\n", "invalid multibulk length"),
                Arguments.of("*\r\n", "invalid multibulk length"),
                Arguments.of("*+1\r\n", "invalid multibulk length"),
                Arguments.of("*01\r\n", "invalid multibulk length"),
                Arguments.of("*00\r\n", "invalid multibulk length"),
                Arguments.of("* 1\r\n", "invalid multibulk length"),
                Arguments.of("*1 \r\n", "invalid multibulk length"),
                Arguments.of("*-\r\n", "invalid multibulk length"),
                Arguments.of("*-0\r\n", "invalid multibulk length"),
                Arguments.of("*-01\r\n", "invalid multibulk length"),
                Arguments.of("*1\n$4\r\nPING\r\n", "invalid multibulk length"),
                Arguments.of("*2147483648\r\n", "invalid multibulk length"),
                Arguments.of("*9223372036854775807\r\n", "invalid multibulk length"),
                Arguments.of("*99999999999999999999\r\n", "invalid multibulk length"),
                Arguments.of("*-9223372036854775809\r\n", "invalid multibulk length"),
                Arguments.of("*1\r\n$\r\n", "invalid bulk length"),
                Arguments.of("*1\r\n$-1\r\n", "invalid bulk length"),
                Arguments.of("*1\r\n$-5\r\n", "invalid bulk length"),
                Arguments.of("*1\r\n$-0\r\n", "invalid bulk length"),
                Arguments.of("*1\r\n$-\r\n", "invalid bulk length"),
                Arguments.of("*1\r\n$-9223372036854775808\r\n", "invalid bulk length"),
                Arguments.of("*1\r\n$536870913\r\n", "invalid bulk length"),
                Arguments.of("*1\r\n$99999999999999999999\r\n", "invalid bulk length"),
                Arguments.of("*1\r\n$abc\r\n", "invalid bulk length"),
                Arguments.of("*1\r\n$04\r\n", "invalid bulk length"),
                Arguments.of("*1\r\n$00\r\n", "invalid bulk length"),
                Arguments.of("*1\r\n$4x\r\n", "invalid bulk length"),
                Arguments.of("*1\r\n$4\nPING\r\n", "invalid bulk length"),
                Arguments.of("*1\r\nx4\r\nPING\r\n", "expected '$', got 'x'"),
                Arguments.of("*1\r\n:4\r\n", "expected '$', got ':'"),
                Arguments.of("*1\rx\n$4\r\n", "expected '$', got '\n'"),
                Arguments.of("*2\r\n$4\r\nECHO\r\n*1\r\n", "expected '$', got '*'"),
                Arguments.of("ECHO \"abc", "unbalanced quotes in request"),
                Arguments.of("ECHO 'abc", "unbalanced quotes in request"),
                Arguments.of("ECHO \"abc\"d", "unbalanced quotes in request"),
                Arguments.of("ECHO 'abc'd", "unbalanced quotes in request"),
                Arguments.of("ECHO \"a\"\"b\"", "unbalanced quotes in request"),
                Arguments.of("ECHO \"a\\", "unbalanced quotes in request"),
                Arguments.of("ECHO \"\\\"", "unbalanced quotes in request"),
                Arguments.of("ECHO \"\\x41", "unbalanced quotes in request"),
                Arguments.of("ECHO 'a\\'", "unbalanced quotes in request"),
                Arguments.of(tooBig, "too big inline request"),
                Arguments.of("x".repeat(70000), "too big inline request"),
                Arguments.of("*" + "1".repeat(65536), "too big mbulk count string"),
                Arguments.of("*1\r\n$" + "1".repeat(65536), "too big bulk count string"));
    }

    @ParameterizedTest
    @MethodSource("protocolErrors")
    void rejectsMalformedRequestsWithRedisMessages(String request, String message) {
        String bytes = request.startsWith("ECHO") ? request + "\r\n" : request;
        assertThatThrownBy(() -> decodeAll(bytes))
                .isInstanceOf(RespProtocolException.class)
                .hasMessage("Protocol error: " + message);
    }

    @ParameterizedTest
    @MethodSource("protocolErrors")
    void rejectsMalformedRequestsFedOneByteAtATime(String request, String message) {
        String bytes = request.startsWith("ECHO") ? request + "\r\n" : request;
        Connection connection = new Connection();
        assertThatThrownBy(() -> {
            for (byte b : latin1(bytes)) {
                connection.feed(new byte[] {b});
            }
        }).isInstanceOf(RespProtocolException.class).hasMessage("Protocol error: " + message);
    }

    @Test
    void requestsBeforeAMalformedOneAreDecoded() throws Exception {
        Connection connection = new Connection();
        assertThatThrownBy(() -> connection.feed("*1\r\n$4\r\nPING\r\nPING\r\n*abc\r\n"))
                .hasMessage("Protocol error: invalid multibulk length");
        assertThat(connection.requests).containsExactly(List.of("PING"), List.of("PING"));
    }

    @Test
    void theBulkLimitFollowsProtoMaxBulkLen() throws Exception {
        RespLimits small = new RespLimits(10, Integer.MAX_VALUE, 64 * 1024, 1 << 30);
        assertThat(new Connection(small).feed(multibulk("ECHO", "0123456789")).requests)
                .containsExactly(List.of("ECHO", "0123456789"));
        assertThatThrownBy(() -> new Connection(small).feed("*2\r\n$4\r\nECHO\r\n$11\r\n"))
                .hasMessage("Protocol error: invalid bulk length");
    }

    @Test
    void theDecoderIsNotMidRequestBetweenRequests() throws Exception {
        Connection connection = new Connection().feed("*2\r\n$4\r\nECHO\r\n");
        assertThat(connection.decoder.inRequest()).isTrue();
        connection.feed("$1\r\na\r\n");
        assertThat(connection.decoder.inRequest()).isFalse();
        assertThat(connection.requests).containsExactly(List.of("ECHO", "a"));
    }
}
