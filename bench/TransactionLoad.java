import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Transaction load for bench/compare-with-redis.sh, which redis-benchmark cannot produce
 * because it cannot chain commands: every client sends pipelines of P transactions
 * {@code MULTI, INCR k, INCR k, EXEC} (k a random key out of --keyspace) and checks each
 * reply ({@code +OK +QUEUED +QUEUED *2 :a :b} with b = a + 1). Any other reply ends the run
 * with exit status 1, as redis-benchmark does on an error reply. Like redis-benchmark it runs
 * all clients on one thread (a selector), and it prints transactions per second and latency
 * in redis-benchmark's --csv shape. Latency is measured per transaction, from sending its
 * pipeline to reading its EXEC reply.
 *
 * <pre>java bench/TransactionLoad.java --port 6379 --clients 50 --transactions 200000 --pipeline 16</pre>
 *
 * Options: --host [127.0.0.1], --port [6379], --clients [50], --transactions [100000],
 * --pipeline [1], --keyspace [100000], --warmup [transactions / 10] (unmeasured transactions
 * first, so that this client is compiled before the measure), --timeout-seconds [10]
 * (longest wait for any reply).
 */
public final class TransactionLoad {

    static final String TEST_NAME = "MULTI_INCR_INCR_EXEC";
    private static final byte[] MULTI = ascii("*1\r\n$5\r\nMULTI\r\n");
    private static final byte[] INCR_HEAD = ascii("*2\r\n$4\r\nINCR\r\n$15\r\ntx:");
    private static final byte[] EXEC = ascii("*1\r\n$4\r\nEXEC\r\n");
    private static final byte[] CRLF = ascii("\r\n");
    private static final int KEY_DIGITS = 12;
    private static final int TRANSACTION_REQUEST_BYTES =
            MULTI.length + 2 * (INCR_HEAD.length + KEY_DIGITS + CRLF.length) + EXEC.length;
    private static final byte[] OK_REPLY = ascii("+OK\r\n");
    private static final byte[] QUEUED_REPLY = ascii("+QUEUED\r\n");
    private static final byte[] EXEC_HEADER = ascii("*2\r\n");

    record Options(String host, int port, int clients, int transactions, int pipeline, int keyspace,
                   int warmup, int timeoutSeconds) {

        static Options parse(String[] args) {
            String host = "127.0.0.1";
            int port = 6379, clients = 50, transactions = 100_000, pipeline = 1, keyspace = 100_000;
            int warmup = -1, timeoutSeconds = 10;
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value after " + name);
                }
                String value = args[++i];
                switch (name) {
                    case "--host" -> host = value;
                    case "--port" -> port = positive(name, value);
                    case "--clients" -> clients = positive(name, value);
                    case "--transactions" -> transactions = positive(name, value);
                    case "--pipeline" -> pipeline = positive(name, value);
                    case "--keyspace" -> keyspace = positive(name, value);
                    case "--warmup" -> warmup = Integer.parseInt(value);
                    case "--timeout-seconds" -> timeoutSeconds = positive(name, value);
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            }
            return new Options(host, port, clients, transactions, pipeline, keyspace,
                    warmup < 0 ? transactions / 10 : warmup, timeoutSeconds);
        }

        private static int positive(String name, String value) {
            int number = Integer.parseInt(value);
            if (number <= 0) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return number;
        }
    }

    /** A reply that is not the one a correct server sends. */
    static final class UnexpectedReplyException extends RuntimeException {
        UnexpectedReplyException(String message) {
            super(message);
        }
    }

    public static void main(String[] args) throws IOException {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("TransactionLoad: " + e.getMessage());
            System.err.println("usage: java TransactionLoad.java [--host H] [--port N] [--clients N]"
                    + " [--transactions N] [--pipeline N] [--keyspace N] [--warmup N] [--timeout-seconds N]");
            System.exit(2);
            return;
        }
        try {
            new TransactionLoad(options).run();
        } catch (UnexpectedReplyException | IOException e) {
            System.err.println("TransactionLoad: " + e.getMessage());
            System.exit(1);
        }
    }

    private final Options options;
    private final SplittableRandom random = new SplittableRandom();
    private long[] latenciesNanos = new long[0];
    private int issued;
    private int completed;
    private int total;

    TransactionLoad(Options options) {
        this.options = options;
    }

    void run() throws IOException {
        try (Selector selector = Selector.open()) {
            Connection[] connections = new Connection[options.clients()];
            for (int i = 0; i < connections.length; i++) {
                connections[i] = Connection.open(options, selector);
            }
            if (options.warmup() > 0) {
                runPhase(selector, connections, options.warmup());
            }
            long started = System.nanoTime();
            latenciesNanos = runPhase(selector, connections, options.transactions());
            long elapsed = System.nanoTime() - started;
            for (Connection connection : connections) {
                connection.channel.close();
            }
            printCsv(elapsed);
        }
    }

    /** Runs {@code count} transactions over all connections; returns their latencies. */
    private long[] runPhase(Selector selector, Connection[] connections, int count) throws IOException {
        latenciesNanos = new long[count];
        issued = 0;
        completed = 0;
        total = count;
        for (Connection connection : connections) {
            sendNextPipeline(connection);
        }
        long lastProgress = System.nanoTime();
        long timeoutNanos = options.timeoutSeconds() * 1_000_000_000L;
        while (completed < total) {
            selector.select(1000);
            int before = completed;
            for (SelectionKey key : selector.selectedKeys()) {
                Connection connection = (Connection) key.attachment();
                if (key.isWritable()) {
                    connection.flush();
                }
                if (key.isReadable()) {
                    receive(connection);
                }
            }
            selector.selectedKeys().clear();
            long now = System.nanoTime();
            if (completed > before) {
                lastProgress = now;
            } else if (now - lastProgress > timeoutNanos) {
                throw new IOException("no reply for " + options.timeoutSeconds() + " s ("
                        + completed + " of " + total + " transactions done)");
            }
        }
        return latenciesNanos;
    }

    private void sendNextPipeline(Connection connection) throws IOException {
        int batch = Math.min(options.pipeline(), total - issued);
        if (batch <= 0) {
            return;
        }
        issued += batch;
        ByteBuffer out = connection.out;
        out.clear();
        for (int i = 0; i < batch; i++) {
            int key = random.nextInt(options.keyspace());
            out.put(MULTI);
            putIncr(out, key);
            putIncr(out, key);
            out.put(EXEC);
        }
        out.flip();
        connection.awaiting = batch;
        connection.sentAt = System.nanoTime();
        connection.flush();
    }

    private static void putIncr(ByteBuffer out, int key) {
        out.put(INCR_HEAD);
        int end = out.position() + KEY_DIGITS;
        for (int i = end - 1; i >= end - KEY_DIGITS; i--) {
            out.put(i, (byte) ('0' + key % 10));
            key /= 10;
        }
        out.position(end);
        out.put(CRLF);
    }

    private void receive(Connection connection) throws IOException {
        ByteBuffer in = connection.in;
        int read = connection.channel.read(in);
        if (read < 0) {
            throw new IOException("the server closed a connection (" + completed + " of " + total
                    + " transactions done)");
        }
        in.flip();
        int position;
        while (connection.awaiting > 0 && (position = parseTransaction(in, in.position())) >= 0) {
            in.position(position);
            connection.awaiting--;
            latenciesNanos[completed++] = System.nanoTime() - connection.sentAt;
        }
        if (connection.awaiting == 0 && in.hasRemaining()) {
            throw new UnexpectedReplyException("unexpected reply: " + text(in, in.position(), in.limit()));
        }
        in.compact();
        if (!in.hasRemaining()) {
            connection.in = ByteBuffer.allocate(in.capacity() * 2).put(in.flip());
        }
        if (connection.awaiting == 0) {
            sendNextPipeline(connection);
        }
    }

    /**
     * Checks the replies of one transaction starting at {@code start}; returns the position after
     * them, or -1 when they are not all there yet.
     */
    static int parseTransaction(ByteBuffer in, int start) {
        int position = expectLine(in, start, OK_REPLY, "MULTI");
        if (position >= 0) position = expectLine(in, position, QUEUED_REPLY, "INCR");
        if (position >= 0) position = expectLine(in, position, QUEUED_REPLY, "INCR");
        if (position >= 0) position = expectLine(in, position, EXEC_HEADER, "EXEC");
        if (position < 0) {
            return -1;
        }
        int secondStart = lineEnd(in, position);
        if (secondStart < 0) {
            return -1;
        }
        int end = lineEnd(in, secondStart);
        if (end < 0) {
            return -1;
        }
        long first = integerReply(in, position, secondStart);
        long second = integerReply(in, secondStart, end);
        if (second != first + 1) {
            throw new UnexpectedReplyException("INCR k, INCR k in one transaction gave " + first
                    + " and " + second);
        }
        return end;
    }

    /** Position after the line at {@code start} if it equals {@code expected}; -1 if incomplete. */
    private static int expectLine(ByteBuffer in, int start, byte[] expected, String command) {
        int end = lineEnd(in, start);
        if (end < 0) {
            return -1;
        }
        boolean equal = end - start == expected.length;
        for (int i = 0; equal && i < expected.length; i++) {
            equal = in.get(start + i) == expected[i];
        }
        if (!equal) {
            throw new UnexpectedReplyException("expected " + text(expected) + " for " + command
                    + ", got " + text(in, start, end));
        }
        return end;
    }

    /** Position after the next CRLF at or after {@code start}, or -1. */
    private static int lineEnd(ByteBuffer in, int start) {
        for (int i = start; i + 1 < in.limit(); i++) {
            if (in.get(i) == '\r' && in.get(i + 1) == '\n') {
                return i + 2;
            }
        }
        return -1;
    }

    private static long integerReply(ByteBuffer in, int start, int end) {
        int digitsEnd = end - 2;
        int i = start + 1;
        boolean negative = i < digitsEnd && in.get(i) == '-';
        if (negative) {
            i++;
        }
        if (in.get(start) != ':' || i == digitsEnd) {
            throw new UnexpectedReplyException("expected an integer reply for INCR inside EXEC, got "
                    + text(in, start, end));
        }
        long value = 0;
        for (; i < digitsEnd; i++) {
            byte digit = in.get(i);
            if (digit < '0' || digit > '9') {
                throw new UnexpectedReplyException("expected an integer reply for INCR inside EXEC, got "
                        + text(in, start, end));
            }
            value = value * 10 + (digit - '0');
        }
        return negative ? -value : value;
    }

    private void printCsv(long elapsedNanos) {
        long[] sorted = latenciesNanos.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (long latency : sorted) {
            sum += latency;
        }
        double perSecond = total * 1e9 / elapsedNanos;
        System.out.println("\"test\",\"rps\",\"avg_latency_ms\",\"min_latency_ms\",\"p50_latency_ms\","
                + "\"p95_latency_ms\",\"p99_latency_ms\",\"max_latency_ms\"");
        System.out.println(String.format(Locale.ROOT,
                "\"%s\",\"%.2f\",\"%.3f\",\"%.3f\",\"%.3f\",\"%.3f\",\"%.3f\",\"%.3f\"",
                TEST_NAME, perSecond, millis(sum / sorted.length), millis(sorted[0]),
                millis(percentile(sorted, 50)), millis(percentile(sorted, 95)),
                millis(percentile(sorted, 99)), millis(sorted[sorted.length - 1])));
    }

    private static long percentile(long[] sorted, int percent) {
        int index = (int) Math.ceil(sorted.length * percent / 100.0) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double millis(double nanos) {
        return nanos / 1e6;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.US_ASCII).replace("\r\n", "");
    }

    private static String text(ByteBuffer in, int start, int end) {
        byte[] bytes = new byte[Math.min(end - start, 200)];
        in.get(start, bytes);
        return new String(bytes, StandardCharsets.US_ASCII).replace("\r\n", " ").trim();
    }

    /** One client: its socket, the pipeline being sent and the replies still awaited. */
    static final class Connection {
        final SocketChannel channel;
        final SelectionKey key;
        final ByteBuffer out;
        ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        int awaiting;
        long sentAt;

        private Connection(SocketChannel channel, SelectionKey key, int pipeline) {
            this.channel = channel;
            this.key = key;
            this.out = ByteBuffer.allocate(pipeline * TRANSACTION_REQUEST_BYTES);
        }

        static Connection open(Options options, Selector selector) throws IOException {
            SocketChannel channel = SocketChannel.open(new InetSocketAddress(options.host(), options.port()));
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.configureBlocking(false);
            SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
            Connection connection = new Connection(channel, key, options.pipeline());
            key.attach(connection);
            return connection;
        }

        /** Writes what the socket takes now; waits for writability when it takes less. */
        void flush() throws IOException {
            channel.write(out);
            key.interestOps(out.hasRemaining()
                    ? SelectionKey.OP_READ | SelectionKey.OP_WRITE
                    : SelectionKey.OP_READ);
        }
    }
}
