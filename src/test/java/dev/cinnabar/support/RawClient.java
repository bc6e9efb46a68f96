package dev.cinnabar.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A plain socket speaking raw bytes, for asserting exact RESP framing. */
public final class RawClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public RawClient(String host, int port) throws IOException {
        this(new Socket(host, port));
    }

    /** Speaks over a socket already connected, e.g. one a test's fake server accepted. */
    public RawClient(Socket connected) throws IOException {
        socket = connected;
        socket.setSoTimeout(5000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    public RawClient send(String data) throws IOException {
        return send(data.getBytes(StandardCharsets.ISO_8859_1));
    }

    public RawClient send(byte[] data) throws IOException {
        out.write(data);
        out.flush();
        return this;
    }

    public void setReadTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    /** Sends a command as a RESP array of bulk strings. */
    public RawClient command(String... args) throws IOException {
        StringBuilder request = new StringBuilder("*").append(args.length).append("\r\n");
        for (String arg : args) {
            request.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg).append("\r\n");
        }
        return send(request.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Reads exactly as many bytes as {@code expected} has, and returns them as text. */
    public String read(int length) throws IOException {
        byte[] buffer = in.readNBytes(length);
        return new String(buffer, StandardCharsets.ISO_8859_1);
    }

    /** Reads exactly one complete RESP2 reply and returns its raw text. */
    public String readReply() throws IOException {
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        readValue(reply);
        return reply.toString(StandardCharsets.ISO_8859_1);
    }

    private void readValue(ByteArrayOutputStream reply) throws IOException {
        String line = readLine();
        reply.writeBytes(line.getBytes(StandardCharsets.ISO_8859_1));
        char type = line.charAt(0);
        if (type == '$') {
            int length = Integer.parseInt(line.substring(1, line.length() - 2));
            if (length >= 0) {
                reply.writeBytes(in.readNBytes(length + 2));
            }
        } else if (type == '*') {
            int count = Integer.parseInt(line.substring(1, line.length() - 2));
            for (int i = 0; i < count; i++) {
                readValue(reply);
            }
        }
    }

    /** Reads one line, CRLF included. */
    public String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after: " + line.toString(StandardCharsets.ISO_8859_1));
            }
            line.write(b);
            if (previous == '\r' && b == '\n') {
                return line.toString(StandardCharsets.ISO_8859_1);
            }
            previous = b;
        }
    }

    /** True if the server closed the connection (reads end of stream within the timeout). */
    public boolean isClosedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** True if nothing more arrives within {@code millis}. */
    public boolean nothingMoreWithin(int millis) throws IOException {
        int previous = socket.getSoTimeout();
        socket.setSoTimeout(millis);
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return true;
        } finally {
            socket.setSoTimeout(previous);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
