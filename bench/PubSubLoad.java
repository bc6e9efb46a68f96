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

/**
 * Pub/sub load for bench/compare-with-redis.sh, which redis-benchmark cannot produce because
 * it cannot read what subscribers receive: --subscribers connections SUBSCRIBE to one channel
 * (a fresh name per run) and read every message, while --publishers connections send
 * pipelines of --pipeline {@code PUBLISH channel payload}. Every PUBLISH reply must be the
 * subscriber count, and every subscriber must receive every message exactly once and in each
 * publisher's order (the 16-byte payload is the publisher's number, 4 digits, and its sequence
 * number, 12 digits); anything else ends the run with exit status 1, as redis-benchmark does on
 * an error reply. Like redis-benchmark it runs all connections on one thread (a selector).
 * Publishers pause while the subscribers are on average more than --max-lag messages behind,
 * so that the server's output buffers stay far below Redis's pub/sub client limits.
 *
 * <p>It runs --warmup unmeasured messages first (so that this client is compiled before the
 * measure), then prints, in redis-benchmark's --csv shape, deliveries per second (messages
 * times subscribers, up to the moment the last subscriber read the last message) and the
 * PUBLISH latency (from sending a pipeline to reading the reply), as test PUBLISH_1_SUB or
 * PUBLISH_&lt;n&gt;_SUBS.
 *
 * <pre>java bench/PubSubLoad.java --port 6379 --subscribers 50 --publishers 50 --messages 4000 --pipeline 16</pre>
 *
 * Options: --host [127.0.0.1], --port [6379], --subscribers [1], --publishers [50],
 * --messages [100000], --pipeline [1], --warmup [messages / 10], --max-lag [10000],
 * --timeout-seconds [10] (longest wait without any reply or message).
 */
public final class PubSubLoad {

    private static final int PUBLISHER_DIGITS = 4;
    private static final int SEQUENCE_DIGITS = 12;
    private static final int PAYLOAD_BYTES = PUBLISHER_DIGITS + SEQUENCE_DIGITS;
    private static final byte[] CRLF = ascii("\r\n");

    record Options(String host, int port, int subscribers, int publishers, int messages, int pipeline,
                   int warmup, int maxLag, int timeoutSeconds) {

        static Options parse(String[] args) {
            String host = "127.0.0.1";
            int port = 6379, subscribers = 1, publishers = 50, messages = 100_000, pipeline = 1;
            int warmup = -1, maxLag = 10_000, timeoutSeconds = 10;
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value after " + name);
                }
                String value = args[++i];
                switch (name) {
                    case "--host" -> host = value;
                    case "--port" -> port = positive(name, value);
                    case "--subscribers" -> subscribers = positive(name, value);
                    case "--publishers" -> publishers = positive(name, value);
                    case "--messages" -> messages = positive(name, value);
                    case "--pipeline" -> pipeline = positive(name, value);
                    case "--warmup" -> warmup = Integer.parseInt(value);
                    case "--max-lag" -> maxLag = positive(name, value);
                    case "--timeout-seconds" -> timeoutSeconds = positive(name, value);
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            }
            if (publishers >= 10_000) {
                throw new IllegalArgumentException("--publishers must be below 10000");
            }
            return new Options(host, port, subscribers, publishers, messages, pipeline,
                    warmup < 0 ? messages / 10 : warmup, maxLag, timeoutSeconds);
        }

        private static int positive(String name, String value) {
            int number = Integer.parseInt(value);
            if (number <= 0) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return number;
        }

        String testName() {
            return subscribers == 1 ? "PUBLISH_1_SUB" : "PUBLISH_" + subscribers + "_SUBS";
        }
    }

    /** A reply or message that is not the one a correct server sends. */
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
            System.err.println("PubSubLoad: " + e.getMessage());
            System.err.println("usage: java PubSubLoad.java [--host H] [--port N] [--subscribers N]"
                    + " [--publishers N] [--messages N] [--pipeline N] [--warmup N] [--max-lag N]"
                    + " [--timeout-seconds N]");
            System.exit(2);
            return;
        }
        try {
            new PubSubLoad(options).run();
        } catch (UnexpectedReplyException | IOException e) {
            System.err.println("PubSubLoad: " + e.getMessage());
            System.exit(1);
        }
    }

    private final Options options;
    private final byte[] subscribeRequest;
    private final byte[] subscribeReply;
    private final byte[] publishHead;
    private final byte[] publishReply;
    private final byte[] messageHead;
    private final int messageLength;
    private long[] latenciesNanos = new long[0];
    private int issued;
    private int acknowledged;
    private int total;
    private long delivered;
    private int subscribed;

    PubSubLoad(Options options) {
        this.options = options;
        String channel = "bench:pubsub:" + ProcessHandle.current().pid() + ":" + System.nanoTime();
        subscribeRequest = ascii("*2\r\n$9\r\nSUBSCRIBE\r\n" + bulk(channel));
        subscribeReply = ascii("*3\r\n$9\r\nsubscribe\r\n" + bulk(channel) + ":1\r\n");
        publishHead = ascii("*3\r\n$7\r\nPUBLISH\r\n" + bulk(channel) + "$" + PAYLOAD_BYTES + "\r\n");
        publishReply = ascii(":" + options.subscribers() + "\r\n");
        messageHead = ascii("*3\r\n$7\r\nmessage\r\n" + bulk(channel) + "$" + PAYLOAD_BYTES + "\r\n");
        messageLength = messageHead.length + PAYLOAD_BYTES + CRLF.length;
    }

    void run() throws IOException {
        try (Selector selector = Selector.open()) {
            Subscriber[] subscribers = new Subscriber[options.subscribers()];
            for (int i = 0; i < subscribers.length; i++) {
                subscribers[i] = new Subscriber(open(selector), i, options.publishers());
                subscribers[i].channel.write(ByteBuffer.wrap(subscribeRequest));
            }
            awaitSubscriptions(selector);
            Publisher[] publishers = new Publisher[options.publishers()];
            for (int i = 0; i < publishers.length; i++) {
                publishers[i] = new Publisher(open(selector), i,
                        options.pipeline() * (publishHead.length + PAYLOAD_BYTES + CRLF.length));
            }
            if (options.warmup() > 0) {
                runPhase(selector, publishers, options.warmup());
            }
            long started = System.nanoTime();
            latenciesNanos = runPhase(selector, publishers, options.messages());
            long elapsed = System.nanoTime() - started;
            for (SelectionKey key : selector.keys()) {
                key.channel().close();
            }
            printCsv(elapsed);
        }
    }

    private SelectionKey open(Selector selector) throws IOException {
        SocketChannel channel = SocketChannel.open(new InetSocketAddress(options.host(), options.port()));
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        channel.configureBlocking(false);
        return channel.register(selector, SelectionKey.OP_READ);
    }

    private void awaitSubscriptions(Selector selector) throws IOException {
        long deadline = System.nanoTime() + options.timeoutSeconds() * 1_000_000_000L;
        while (subscribed < options.subscribers()) {
            selector.select(1000);
            for (SelectionKey key : selector.selectedKeys()) {
                receive((Subscriber) key.attachment());
            }
            selector.selectedKeys().clear();
            if (System.nanoTime() > deadline) {
                throw new IOException("only " + subscribed + " of " + options.subscribers()
                        + " subscribers confirmed SUBSCRIBE within " + options.timeoutSeconds() + " s");
            }
        }
    }

    /** Publishes {@code count} messages and waits until every subscriber read them; returns the PUBLISH latencies. */
    private long[] runPhase(Selector selector, Publisher[] publishers, int count) throws IOException {
        latenciesNanos = new long[count];
        issued = 0;
        acknowledged = 0;
        delivered = 0;
        total = count;
        long expectedDeliveries = (long) count * options.subscribers();
        long lastProgress = System.nanoTime();
        long timeoutNanos = options.timeoutSeconds() * 1_000_000_000L;
        while (acknowledged < total || delivered < expectedDeliveries) {
            for (Publisher publisher : publishers) {
                if (publisher.awaiting == 0) {
                    sendNextPipeline(publisher);
                }
            }
            selector.select(1000);
            long before = acknowledged + delivered;
            for (SelectionKey key : selector.selectedKeys()) {
                if (key.attachment() instanceof Publisher publisher) {
                    if (key.isWritable()) {
                        publisher.flush();
                    }
                    if (key.isReadable()) {
                        receive(publisher);
                    }
                } else {
                    receive((Subscriber) key.attachment());
                }
            }
            selector.selectedKeys().clear();
            long now = System.nanoTime();
            if (acknowledged + delivered > before) {
                lastProgress = now;
            } else if (now - lastProgress > timeoutNanos) {
                throw new IOException("nothing received for " + options.timeoutSeconds() + " s (" + acknowledged
                        + " of " + total + " PUBLISH replies, " + delivered + " of " + expectedDeliveries
                        + " messages delivered)");
            }
        }
        return latenciesNanos;
    }

    /** Subscribers on average more than --max-lag messages behind what was published. */
    private boolean subscribersLag() {
        return (long) issued * options.subscribers() - delivered > (long) options.maxLag() * options.subscribers();
    }

    private void sendNextPipeline(Publisher publisher) throws IOException {
        int batch = Math.min(options.pipeline(), total - issued);
        if (batch <= 0 || subscribersLag()) {
            return;
        }
        issued += batch;
        ByteBuffer out = publisher.out;
        out.clear();
        for (int i = 0; i < batch; i++) {
            out.put(publishHead);
            putDigits(out, publisher.number, PUBLISHER_DIGITS);
            putDigits(out, publisher.nextSequence++, SEQUENCE_DIGITS);
            out.put(CRLF);
        }
        out.flip();
        publisher.awaiting = batch;
        publisher.sentAt = System.nanoTime();
        publisher.flush();
    }

    private static void putDigits(ByteBuffer out, long number, int digits) {
        int end = out.position() + digits;
        for (int i = end - 1; i >= end - digits; i--) {
            out.put(i, (byte) ('0' + number % 10));
            number /= 10;
        }
        out.position(end);
    }

    private void receive(Publisher publisher) throws IOException {
        ByteBuffer in = publisher.in;
        if (publisher.channel.read(in) < 0) {
            throw new IOException("the server closed a publisher connection (" + acknowledged + " of " + total
                    + " PUBLISH replies)");
        }
        in.flip();
        while (publisher.awaiting > 0 && matches(in, publishReply, "PUBLISH (the subscriber count)")) {
            in.position(in.position() + publishReply.length);
            publisher.awaiting--;
            latenciesNanos[acknowledged++] = System.nanoTime() - publisher.sentAt;
        }
        if (publisher.awaiting == 0 && in.hasRemaining()) {
            throw new UnexpectedReplyException("unexpected reply: " + text(in, in.position(), in.limit()));
        }
        in.compact();
        if (publisher.awaiting == 0) {
            sendNextPipeline(publisher);
        }
    }

    private void receive(Subscriber subscriber) throws IOException {
        ByteBuffer in = subscriber.in;
        if (subscriber.channel.read(in) < 0) {
            throw new IOException("the server closed subscriber " + subscriber.number + " (" + delivered
                    + " messages delivered)");
        }
        in.flip();
        if (!subscriber.subscribed && matches(in, subscribeReply, "SUBSCRIBE")) {
            in.position(in.position() + subscribeReply.length);
            subscriber.subscribed = true;
            subscribed++;
        }
        while (subscriber.subscribed && matches(in, messageHead, "a message")
                && in.remaining() >= messageLength) {
            checkMessage(subscriber, in, in.position() + messageHead.length);
            in.position(in.position() + messageLength);
            delivered++;
        }
        in.compact();
        if (!in.hasRemaining()) {
            subscriber.in = ByteBuffer.allocate(in.capacity() * 2).put(in.flip());
        }
    }

    /** Checks that the payload at {@code start} is the next message of its publisher for this subscriber. */
    private void checkMessage(Subscriber subscriber, ByteBuffer in, int start) {
        long publisher = digits(in, start, PUBLISHER_DIGITS);
        long sequence = digits(in, start + PUBLISHER_DIGITS, SEQUENCE_DIGITS);
        int end = start + PAYLOAD_BYTES;
        if (publisher < 0 || publisher >= options.publishers() || sequence < 0
                || in.get(end) != '\r' || in.get(end + 1) != '\n') {
            throw new UnexpectedReplyException("subscriber " + subscriber.number + " got a message that no"
                    + " publisher sent: " + text(in, in.position(), end + 2));
        }
        long expected = subscriber.nextSequence[(int) publisher];
        if (sequence != expected) {
            throw new UnexpectedReplyException("subscriber " + subscriber.number + " got message " + sequence
                    + " of publisher " + publisher + ", expected message " + expected);
        }
        subscriber.nextSequence[(int) publisher]++;
    }

    /** The decimal number in {@code length} bytes at {@code start}, or -1 if they are not all digits. */
    private static long digits(ByteBuffer in, int start, int length) {
        long value = 0;
        for (int i = start; i < start + length; i++) {
            byte digit = in.get(i);
            if (digit < '0' || digit > '9') {
                return -1;
            }
            value = value * 10 + (digit - '0');
        }
        return value;
    }

    /**
     * Whether {@code expected} is all there at the buffer's position; false when only a prefix
     * of it has arrived yet; throws when what arrived differs (an error reply, another count).
     */
    private static boolean matches(ByteBuffer in, byte[] expected, String what) {
        int available = Math.min(in.remaining(), expected.length);
        int start = in.position();
        for (int i = 0; i < available; i++) {
            if (in.get(start + i) != expected[i]) {
                throw new UnexpectedReplyException("expected " + text(expected) + " for " + what + ", got "
                        + text(in, start, in.limit()));
            }
        }
        return available == expected.length;
    }

    private void printCsv(long elapsedNanos) {
        long[] sorted = latenciesNanos.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (long latency : sorted) {
            sum += latency;
        }
        double deliveriesPerSecond = (double) total * options.subscribers() * 1e9 / elapsedNanos;
        System.out.println("\"test\",\"rps\",\"avg_latency_ms\",\"min_latency_ms\",\"p50_latency_ms\","
                + "\"p95_latency_ms\",\"p99_latency_ms\",\"max_latency_ms\"");
        System.out.println(String.format(Locale.ROOT,
                "\"%s\",\"%.2f\",\"%.3f\",\"%.3f\",\"%.3f\",\"%.3f\",\"%.3f\",\"%.3f\"",
                options.testName(), deliveriesPerSecond, millis(sum / sorted.length), millis(sorted[0]),
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

    private static String bulk(String text) {
        return "$" + text.length() + "\r\n" + text + "\r\n";
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.US_ASCII).replace("\r\n", " ").trim();
    }

    private static String text(ByteBuffer in, int start, int end) {
        byte[] bytes = new byte[Math.min(end - start, 200)];
        in.get(start, bytes);
        return new String(bytes, StandardCharsets.US_ASCII).replace("\r\n", " ").trim();
    }

    /** A connection subscribed to the channel: what it read and, per publisher, the next message it expects. */
    static final class Subscriber {
        final SocketChannel channel;
        final int number;
        final long[] nextSequence;
        ByteBuffer in = ByteBuffer.allocate(256 * 1024);
        boolean subscribed;

        Subscriber(SelectionKey key, int number, int publishers) {
            this.channel = (SocketChannel) key.channel();
            this.number = number;
            this.nextSequence = new long[publishers];
            key.attach(this);
        }
    }

    /** A publishing connection: its pipeline being sent, the replies still awaited, its next sequence number. */
    static final class Publisher {
        final SocketChannel channel;
        final SelectionKey key;
        final int number;
        final ByteBuffer out;
        final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        long nextSequence;
        int awaiting;
        long sentAt;

        Publisher(SelectionKey key, int number, int outputBytes) {
            this.channel = (SocketChannel) key.channel();
            this.key = key;
            this.number = number;
            this.out = ByteBuffer.allocate(outputBytes);
            key.attach(this);
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
