package dev.cinnabar.pubsub;

import java.nio.charset.StandardCharsets;

/**
 * A pushed message encoded once as a RESP array of bulk strings, so that a PUBLISH to
 * thousands of subscribers copies the same bytes to each instead of encoding per subscriber.
 */
final class MessageFrame {

    private MessageFrame() {
    }

    static byte[] encode(byte[]... parts) {
        int length = header('*', parts.length).length;
        for (byte[] part : parts) {
            length += header('$', part.length).length + part.length + 2;
        }
        byte[] frame = new byte[length];
        int at = put(frame, 0, header('*', parts.length));
        for (byte[] part : parts) {
            at = put(frame, at, header('$', part.length));
            at = put(frame, at, part);
            frame[at++] = '\r';
            frame[at++] = '\n';
        }
        return frame;
    }

    private static byte[] header(char type, int count) {
        return (type + Integer.toString(count) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static int put(byte[] frame, int at, byte[] bytes) {
        System.arraycopy(bytes, 0, frame, at, bytes.length);
        return at + bytes.length;
    }
}
