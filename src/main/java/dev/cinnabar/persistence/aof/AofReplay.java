package dev.cinnabar.persistence.aof;

import dev.cinnabar.command.CommandDispatcher;
import dev.cinnabar.command.CommandRegistry;
import dev.cinnabar.net.ClientConnection;
import dev.cinnabar.persistence.aof.AofManifest.AofFile;
import dev.cinnabar.propagation.Propagation;
import dev.cinnabar.protocol.CommandArgs;
import dev.cinnabar.store.KeyValueStore;
import io.netty.buffer.ByteBuf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Replays the files of an AOF into the keyspace at start-up: each command runs through the
 * real dispatcher for a client without a connection, so that it has exactly the effect it
 * had when it was written. Runs on the keyspace thread, before clients are accepted, with
 * key expiry suspended (a key's time is judged once everything is loaded, as Redis does).
 *
 * <p>A last file that ends in the middle of a command (a crash while appending) is cut back
 * to its last complete command, with a warning, when {@code aof-load-truncated} is yes; so is
 * a transaction without its EXEC. Anything else that is not a valid command stops start-up
 * with the file and the offset.
 */
final class AofReplay {

    private static final Logger log = LoggerFactory.getLogger(AofReplay.class);

    private final KeyValueStore store;
    private final CommandRegistry registry;
    private final CommandDispatcher dispatcher;
    private final ClientConnection client;
    private final BaseRdbLoader rdbLoader;
    private final boolean loadTruncated;

    AofReplay(KeyValueStore store, CommandRegistry registry, CommandDispatcher dispatcher, Propagation propagation,
              BaseRdbLoader rdbLoader, boolean loadTruncated) {
        this.store = store;
        this.registry = registry;
        this.dispatcher = dispatcher;
        this.client = ClientConnection.detached(store, propagation);
        this.rdbLoader = rdbLoader;
        this.loadTruncated = loadTruncated;
    }

    /** Loads every file of {@code manifest} from {@code directory}; returns the number of commands replayed. */
    long replay(Path directory, AofManifest manifest) {
        List<AofFile> files = manifest.loadOrder();
        long commands = 0;
        long started = System.nanoTime();
        store.expiry().suspend(true);
        try {
            for (int i = 0; i < files.size(); i++) {
                AofFile file = files.get(i);
                long fileStarted = System.nanoTime();
                commands += replayFile(directory.resolve(file.name()), file, i == files.size() - 1);
                log.info("DB loaded from {} file {}: {} seconds", file.type() == AofManifest.FileType.BASE
                        ? "base" : "incr", file.name(), seconds(System.nanoTime() - fileStarted));
            }
        } finally {
            store.expiry().suspend(false);
            client.reply().release();
        }
        log.info("DB loaded from append only file: {} seconds", seconds(System.nanoTime() - started));
        return commands;
    }

    private static String seconds(long nanos) {
        return String.format("%.3f", nanos / 1e9);
    }

    private long replayFile(Path path, AofFile file, boolean last) {
        if (!Files.isRegularFile(path)) {
            throw new AofLoadException("The AOF file " + file.name() + " listed in the manifest does not exist in "
                    + path.getParent());
        }
        try (CountingInput in = new CountingInput(new BufferedInputStream(Files.newInputStream(path), 1 << 16))) {
            if (file.isRdb() || startsWithRdbMagic(in)) {
                loadRdb(in, file);
            }
            return replayCommands(in, path, file, last);
        } catch (IOException e) {
            throw new AofLoadException("Error reading the append only file " + file.name() + ": " + e.getMessage(), e);
        }
    }

    private void loadRdb(CountingInput in, AofFile file) throws IOException {
        if (rdbLoader == null) {
            throw new AofLoadException("Cannot load " + file.name() + ": base RDB files need the RDB loader, "
                    + "which this build does not have");
        }
        rdbLoader.load(in, store, file.name());
    }

    private static boolean startsWithRdbMagic(CountingInput in) throws IOException {
        in.mark(5);
        byte[] magic = in.readNBytes(5);
        in.reset();
        return new String(magic, StandardCharsets.US_ASCII).equals("REDIS");
    }

    private long replayCommands(CountingInput in, Path path, AofFile file, boolean last) throws IOException {
        CommandArgs args = client.context().args();
        long commands = 0;
        long validUpTo = in.offset();
        long transactionStart = -1;
        while (true) {
            long commandStart = in.offset();
            try {
                if (!readCommand(in, args, file)) {
                    break;
                }
            } catch (EOFException truncated) {
                return truncated(path, file, last, transactionStart >= 0 ? transactionStart : validUpTo, commands);
            }
            if (registry.lookup(args.get(0)) == null) {
                throw new AofLoadException("Unknown command '" + args.string(0) + "' reading the append only file "
                        + file.name() + " at offset " + commandStart);
            }
            if (args.is(0, "multi")) {
                transactionStart = commandStart;
            }
            dispatcher.dispatch(client.context());
            args.clear();
            discardReplies();
            commands++;
            if (client.transaction() == null) {
                transactionStart = -1;
                validUpTo = in.offset();
            }
        }
        if (transactionStart >= 0) {
            return truncated(path, file, last, transactionStart, commands);
        }
        return commands;
    }

    private void discardReplies() {
        ByteBuf output = client.reply().takeOutput();
        if (output != null) {
            output.release();
        }
    }

    /** The file ends inside a command or a transaction: cut it back to {@code validUpTo}, if allowed. */
    private long truncated(Path path, AofFile file, boolean last, long validUpTo, long commands) throws IOException {
        client.endTransaction();
        client.context().args().clear();
        if (!last) {
            throw new AofLoadException("Unexpected end of file reading the append only file " + file.name()
                    + " at offset " + validUpTo + ", and it is not the last file of the AOF");
        }
        if (!loadTruncated) {
            throw new AofLoadException("Unexpected end of file reading the append only file " + file.name()
                    + " after offset " + validUpTo + ". You can: 1) Make a backup of your AOF file, then cut it "
                    + "back to its last complete command. 2) Alternatively you can set the 'aof-load-truncated' "
                    + "configuration option to yes and restart the server.");
        }
        log.warn("!!! Warning: short read while loading the AOF file {}!!!", file.name());
        log.warn("!!! Truncating the AOF {} at offset {} !!!", file.name(), validUpTo);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
            channel.truncate(validUpTo);
            channel.force(true);
        }
        log.warn("AOF {} loaded anyway because aof-load-truncated is enabled", file.name());
        return commands;
    }

    /**
     * Reads one command into {@code args}; false at a clean end of file.
     *
     * @throws EOFException if the file ends inside the command
     */
    private static boolean readCommand(CountingInput in, CommandArgs args, AofFile file) throws IOException {
        args.clear();
        int first;
        while (true) {
            first = in.read();
            if (first == -1) {
                return false;
            }
            if (first != '#') {
                break;
            }
            // An annotation (aof-timestamp-enabled): the rest of the line is skipped.
            readLine(in, file);
        }
        long offset = in.offset() - 1;
        if (first != '*') {
            throw badFormat(file, offset);
        }
        long count = parseLength(readLine(in, file), file, offset);
        if (count < 1) {
            throw badFormat(file, offset);
        }
        for (long i = 0; i < count; i++) {
            long argumentOffset = in.offset();
            int marker = in.read();
            if (marker == -1) {
                throw new EOFException();
            }
            if (marker != '$') {
                throw badFormat(file, argumentOffset);
            }
            long length = parseLength(readLine(in, file), file, argumentOffset);
            if (length < 0 || length > Integer.MAX_VALUE - 8) {
                throw badFormat(file, argumentOffset);
            }
            byte[] argument = in.readNBytes((int) length);
            if (argument.length < length) {
                throw new EOFException();
            }
            int cr = in.read();
            int lf = in.read();
            if (cr == -1 || lf == -1) {
                throw new EOFException();
            }
            if (cr != '\r' || lf != '\n') {
                throw badFormat(file, in.offset() - 2);
            }
            args.add(argument);
        }
        return true;
    }

    /** A line up to CRLF, without it. */
    private static String readLine(CountingInput in, AofFile file) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c == -1) {
                throw new EOFException();
            }
            if (c == '\r') {
                int lf = in.read();
                if (lf == -1) {
                    throw new EOFException();
                }
                if (lf != '\n') {
                    throw badFormat(file, in.offset() - 1);
                }
                return line.toString();
            }
            if (line.length() > 64) {
                throw badFormat(file, in.offset() - 1);
            }
            line.append((char) c);
        }
    }

    private static long parseLength(String digits, AofFile file, long offset) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw badFormat(file, offset);
        }
    }

    private static AofLoadException badFormat(AofFile file, long offset) {
        return new AofLoadException("Bad file format reading the append only file " + file.name() + " at offset "
                + offset + ": make a backup of your AOF file, then fix or cut it at that offset");
    }

    /** An input stream that knows how many bytes were consumed. */
    private static final class CountingInput extends InputStream {

        private final InputStream in;
        private long offset;
        private long markedOffset;

        CountingInput(InputStream in) {
            this.in = in;
        }

        long offset() {
            return offset;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                offset++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int from, int length) throws IOException {
            int read = in.read(buffer, from, length);
            if (read > 0) {
                offset += read;
            }
            return read;
        }

        @Override
        public boolean markSupported() {
            return true;
        }

        @Override
        public synchronized void mark(int limit) {
            in.mark(limit);
            markedOffset = offset;
        }

        @Override
        public synchronized void reset() throws IOException {
            in.reset();
            offset = markedOffset;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
