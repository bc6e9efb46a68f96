package dev.cinnabar.net;

import dev.cinnabar.support.RawClient;
import dev.cinnabar.support.ServerTest;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** How the server copes with malformed, fragmented, huge, deep and greedy clients. */
class ProtocolRobustnessTest extends ServerTest {

    @Autowired
    private ClientRegistry clients;

    static Stream<Arguments> malformedRequests() {
        return Stream.of(
                Arguments.of("*abc\r\n", "invalid multibulk length"),
                Arguments.of("*2147483648\r\n", "invalid multibulk length"),
                Arguments.of("*1\r\n$-1\r\n", "invalid bulk length"),
                Arguments.of("*1\r\n$536870913\r\n", "invalid bulk length"),
                Arguments.of("*1\r\nx4\r\nPING\r\n", "expected '$', got 'x'"),
                Arguments.of("*1\rx\n$4\r\n", "expected '$', got ' '"),
                Arguments.of("SET k \"v\r\n", "unbalanced quotes in request"),
                Arguments.of("x".repeat(65537), "too big inline request"),
                Arguments.of("*" + "1".repeat(65537), "too big mbulk count string"),
                Arguments.of("*1\r\n$" + "1".repeat(65537), "too big bulk count string"));
    }

    @ParameterizedTest
    @MethodSource("malformedRequests")
    void aMalformedRequestIsAnsweredWithRedisErrorAndOnlyThatConnectionCloses(String request, String message)
            throws Exception {
        redis.set("kept", "intact");
        RawClient bystander = raw();
        assertThat(bystander.command("PING").readReply()).isEqualTo("+PONG\r\n");

        RawClient offender = raw();
        offender.send(request);
        assertThat(offender.readReply()).isEqualTo("-ERR Protocol error: " + message + "\r\n");
        assertThat(offender.isClosedByServer()).isTrue();

        assertThat(bystander.command("GET", "kept").readReply()).isEqualTo("$6\r\nintact\r\n");
        assertThat(redis.get("kept")).isEqualTo("intact");
    }

    @Test
    void requestsBeforeTheMalformedOneInTheSameWriteAreServed() throws Exception {
        RawClient raw = raw();
        raw.send("*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\nPING\r\n*1\r\n$-5\r\nPING\r\n");
        assertThat(raw.readReply()).isEqualTo("+OK\r\n");
        assertThat(raw.readReply()).isEqualTo("+PONG\r\n");
        assertThat(raw.readReply()).isEqualTo("-ERR Protocol error: invalid bulk length\r\n");
        assertThat(raw.isClosedByServer()).isTrue();
        assertThat(redis.get("a")).isEqualTo("1");
    }

    @Test
    void aLargeReplyBeforeAMalformedRequestIsDeliveredInFullBeforeTheError() throws Exception {
        String large = "L".repeat(200_000);
        redis.set("large", large);
        RawClient raw = raw();
        raw.send("GET large\r\n*1\r\n$x\r\n");
        assertThat(raw.readReply()).isEqualTo("$200000\r\n" + large + "\r\n");
        assertThat(raw.readReply()).isEqualTo("-ERR Protocol error: invalid bulk length\r\n");
        assertThat(raw.isClosedByServer()).isTrue();
    }

    @Test
    void aClientThatSendsHalfACommandAndLeavesAffectsNobody() throws Exception {
        int before = onKeyspace(clients::connectedCount);
        try (Socket quitter = new Socket("127.0.0.1", server.port())) {
            quitter.getOutputStream().write("*3\r\n$3\r\nSET\r\n$4\r\nhalf\r\n$10\r\nonly".getBytes(StandardCharsets.US_ASCII));
            quitter.getOutputStream().flush();
            while (onKeyspace(clients::connectedCount) == before) {
                Thread.sleep(10);
            }
        }
        while (onKeyspace(clients::connectedCount) > before) {
            Thread.sleep(10);
        }
        assertThat(redis.get("half")).isNull();
        assertThat(redis.set("after", "fine")).isEqualTo("OK");
        assertThat(raw().command("GET", "after").readReply()).isEqualTo("$4\r\nfine\r\n");
    }

    @Test
    void aPipelineOfTenThousandCommandsInOneWriteIsAnsweredInOrder() throws Exception {
        StringBuilder pipeline = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            String value = "v" + i;
            pipeline.append("*3\r\n$3\r\nSET\r\n$").append(("k" + i).length()).append("\r\nk").append(i)
                    .append("\r\n$").append(value.length()).append("\r\n").append(value).append("\r\n");
            pipeline.append("*2\r\n$3\r\nGET\r\n$").append(("k" + i).length()).append("\r\nk").append(i).append("\r\n");
            expected.append("+OK\r\n");
            expected.append('$').append(value.length()).append("\r\n").append(value).append("\r\n");
        }
        RawClient raw = raw();
        raw.send(pipeline.toString());
        assertThat(raw.read(expected.length())).isEqualTo(expected.toString());
        assertThat(raw.nothingMoreWithin(200)).isTrue();
    }

    @Test
    void aRequestWrittenOneByteAtATimeIsServed() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            byte[] request = ("*3\r\n$3\r\nSET\r\n$5\r\nbytes\r\n$3\r\na\r\n\r\n" + "GET bytes\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1);
            for (byte b : request) {
                out.write(b);
                out.flush();
                Thread.sleep(1); // separate segments, so the server sees many partial reads
            }
            String expected = "+OK\r\n$3\r\na\r\n\r\n";
            assertThat(new String(socket.getInputStream().readNBytes(expected.length()), StandardCharsets.ISO_8859_1))
                    .isEqualTo(expected);
        }
    }

    @Test
    void aTenMegabyteValueRoundTrips() throws Exception {
        byte[] value = new byte[10 * 1024 * 1024];
        new Random(3).nextBytes(value);
        RedisCommands<byte[], byte[]> binary = binaryRedis();
        byte[] key = "ten-mb".getBytes(StandardCharsets.US_ASCII);
        assertThat(binary.set(key, value)).isEqualTo("OK");
        assertThat(binary.get(key)).isEqualTo(value);
    }

    @Test
    void inlineCommandsWork() throws Exception {
        RawClient raw = raw();
        assertThat(raw.send("PING\r\n").readReply()).isEqualTo("+PONG\r\n");
        assertThat(raw.send("SET greeting \"hello\\nworld\"\r\n").readReply()).isEqualTo("+OK\r\n");
        assertThat(raw.send("GET greeting\n").readReply()).isEqualTo("$11\r\nhello\nworld\r\n");
        assertThat(raw.send("\r\n  \r\nECHO 'it\\'s'\r\n").readReply()).isEqualTo("$4\r\nit's\r\n");
        assertThat(redis.get("greeting")).isEqualTo("hello\nworld");
    }

    @Test
    void emptyRequestsAreSkippedWithoutAReply() throws Exception {
        RawClient raw = raw();
        raw.send("*0\r\n*-1\r\n\r\nPING\r\n");
        assertThat(raw.readReply()).isEqualTo("+PONG\r\n");
        assertThat(raw.nothingMoreWithin(200)).isTrue();
    }

    @Test
    void aClientThatDoesNotReadItsRepliesStopsBeingReadAndOthersKeepWorking() throws Exception {
        byte[] big = new byte[256 * 1024];
        new Random(5).nextBytes(big);
        binaryRedis().set("big".getBytes(StandardCharsets.US_ASCII), big);
        int pairs = 1000;
        byte[] filler = "f".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);

        Socket greedy = new Socket("127.0.0.1", server.port());
        Thread writer = new Thread(() -> {
            try {
                OutputStream out = greedy.getOutputStream();
                for (int i = 0; i < pairs; i++) {
                    ByteArrayOutputStream request = new ByteArrayOutputStream();
                    request.writeBytes("*2\r\n$3\r\nGET\r\n$3\r\nbig\r\n".getBytes(StandardCharsets.US_ASCII));
                    String key = "greedy:" + i;
                    request.writeBytes(("*3\r\n$3\r\nSET\r\n$" + key.length() + "\r\n" + key + "\r\n$" + filler.length
                            + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    request.writeBytes(filler);
                    request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.write(request.toByteArray());
                }
                out.flush();
            } catch (IOException closedByTheTest) {
                // The test closes the socket while this thread is blocked writing.
            }
        }, "greedy-writer");
        writer.setDaemon(true);
        writer.start();
        try {
            // Wait until the server has stopped taking the greedy client's requests.
            int served = -1;
            for (int check = 0; check < 100; check++) {
                Thread.sleep(200);
                int now = onKeyspace(() -> store.database(0).size());
                if (now == served || !writer.isAlive()) {
                    break;
                }
                served = now;
            }
            assertThat(writer.isAlive()).as("the server kept reading a client that reads no replies").isTrue();
            assertThat(onKeyspace(() -> store.database(0).size())).isLessThan(pairs);

            assertThat(redis.set("other", "client")).isEqualTo("OK");
            assertThat(redis.get("other")).isEqualTo("client");
            assertThat(raw().command("PING").readReply()).isEqualTo("+PONG\r\n");
        } finally {
            greedy.close();
            writer.join(10_000);
        }
        assertThat(writer.isAlive()).isFalse();
        assertThat(redis.get("other")).isEqualTo("client");
    }

    @Test
    void redisCliTalksToTheServer() throws Exception {
        String redisCli = findOnPath("redis-cli");
        assumeTrue(redisCli != null, "redis-cli is not on the PATH");
        assertThat(redisCli(redisCli, null, "PING")).isEqualTo("PONG\n");
        assertThat(redisCli(redisCli, null, "SET", "cli-key", "from cli")).isEqualTo("OK\n");
        assertThat(redisCli(redisCli, null, "GET", "cli-key")).isEqualTo("from cli\n");
        assertThat(redis.get("cli-key")).isEqualTo("from cli");
        assertThat(redisCli(redisCli, "SET piped 42\nGET piped\nGET missing\n", new String[0])).isEqualTo("OK\n42\n\n");
    }

    private String redisCli(String executable, String stdin, String... args) throws Exception {
        String[] command = new String[args.length + 5];
        command[0] = executable;
        command[1] = "-h";
        command[2] = "127.0.0.1";
        command[3] = "-p";
        command[4] = Integer.toString(server.port());
        System.arraycopy(args, 0, command, 5, args.length);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        String output;
        try (InputStream out = process.getInputStream()) {
            output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(process.waitFor()).as(output).isZero();
        return output;
    }

    private static String findOnPath(String name) {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File candidate = new File(directory, name);
            if (candidate.canExecute()) {
                return candidate.getPath();
            }
        }
        return null;
    }
}
