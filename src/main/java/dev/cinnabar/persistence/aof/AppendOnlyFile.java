package dev.cinnabar.persistence.aof;

import dev.cinnabar.command.CommandDispatcher;
import dev.cinnabar.command.CommandRegistry;
import dev.cinnabar.config.RuntimeConfig;
import dev.cinnabar.net.ClientRegistry;
import dev.cinnabar.net.DurableReplies;
import dev.cinnabar.net.KeyspaceEventLoop;
import dev.cinnabar.persistence.aof.AofManifest.AofFile;
import dev.cinnabar.persistence.aof.AofManifest.FileType;
import dev.cinnabar.propagation.Propagation;
import dev.cinnabar.propagation.PropagationListener;
import dev.cinnabar.protocol.ErrorReplyException;
import dev.cinnabar.store.KeyValueStore;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The append-only file, in Redis 7's multi-part layout: a directory ({@code appenddirname})
 * in {@code dir} holding a manifest ({@code <appendfilename>.manifest}) that lists an
 * optional base file and the incremental files ({@code <appendfilename>.<seq>.incr.aof}).
 *
 * <p>At start-up with {@code appendonly yes} the files named by the manifest are replayed
 * before clients are accepted (or the directory, an empty incremental file and the manifest
 * are created), then every propagated write is appended to the last incremental file as the
 * RESP command that reproduces it, with a {@code SELECT} whenever the database changes. The
 * keyspace thread only encodes into a buffer; {@link AofWriter} writes it on its own thread,
 * and with {@code appendfsync always} replies wait for the fsync ({@link DurableReplies}).
 */
@Component
public class AppendOnlyFile implements SmartLifecycle, PropagationListener {

    private static final Logger log = LoggerFactory.getLogger(AppendOnlyFile.class);
    private static final byte[] SELECT = "SELECT".getBytes(StandardCharsets.US_ASCII);
    private static final int INITIAL_BUFFER_BYTES = 4096;
    private static final long SHUTDOWN_FLUSH_SECONDS = 30;

    private final RuntimeConfig config;
    private final KeyValueStore store;
    private final CommandRegistry registry;
    private final CommandDispatcher dispatcher;
    private final Propagation propagation;
    private final KeyspaceEventLoop eventLoop;
    private final DurableReplies durableReplies;
    private final ObjectProvider<BaseRdbLoader> rdbLoader;
    private final Runnable handOff = this::handOff;

    private volatile boolean running;
    // The rest is owned by the keyspace thread.
    private boolean enabled;
    private Path directory;
    private AofManifest manifest;
    private AofWriter writer;
    private FsyncPolicy policy;
    private ByteBuf buffer;
    private boolean handOffScheduled;
    /** Bytes appended since the file was opened, a running position for durability tickets. */
    private long appended;
    private int selectedDatabase = -1;
    private volatile long currentSize;
    private volatile long baseSize;

    public AppendOnlyFile(RuntimeConfig config, KeyValueStore store, CommandRegistry registry,
                          CommandDispatcher dispatcher, Propagation propagation, KeyspaceEventLoop eventLoop,
                          ClientRegistry clients, ObjectProvider<BaseRdbLoader> rdbLoader) {
        this.config = config;
        this.store = store;
        this.registry = registry;
        this.dispatcher = dispatcher;
        this.propagation = propagation;
        this.eventLoop = eventLoop;
        this.durableReplies = clients.durableReplies();
        this.rdbLoader = rdbLoader;
    }

    /** Replays the AOF and opens it for appending before the RESP port opens. */
    @Override
    public void start() {
        running = true;
        config.onChange("appendonly", value -> switchAppendOnly(value.equals("yes")));
        config.onChange("appendfsync", value -> fsyncPolicy(FsyncPolicy.of(value)));
        if (!config.isEnabled("appendonly")) {
            return;
        }
        try {
            eventLoop.loop().submit(() -> {
                openAtStartup();
                return null;
            }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AofLoadException load) {
                log.error(load.getMessage());
                throw load;
            }
            throw new AofLoadException("Cannot open the append only file: " + e.getCause().getMessage(),
                    e.getCause());
        }
    }

    /** After the listener stopped taking clients: what was appended reaches the disk. */
    @Override
    public void stop() {
        running = false;
        try {
            eventLoop.call(() -> {
                closeFiles();
                return null;
            }, SHUTDOWN_FLUSH_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException | IllegalStateException e) {
            log.warn("Could not flush the AOF at shutdown: {}", e.getMessage());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Loaded before the RESP listener (phase 0) starts, stopped after it. */
    @Override
    public int getPhase() {
        return -100;
    }

    private void openAtStartup() {
        directory = Path.of(config.dir()).resolve(config.get("appenddirname"));
        Path manifestPath = manifestPath();
        if (Files.exists(manifestPath)) {
            manifest = readManifest(manifestPath);
            long commands = new AofReplay(store, registry, dispatcher, propagation, rdbLoader.getIfAvailable(),
                    config.isEnabled("aof-load-truncated")).replay(directory, manifest);
            log.info("Replayed {} commands from the append only file", commands);
        } else {
            manifest = AofManifest.empty();
        }
        try {
            openForAppend();
        } catch (IOException e) {
            throw new AofLoadException("Can't open the append-only file in " + directory + ": " + e.getMessage(), e);
        }
    }

    private AofManifest readManifest(Path manifestPath) {
        try {
            return AofManifest.parse(Files.readString(manifestPath, StandardCharsets.UTF_8),
                    manifestPath.getFileName().toString());
        } catch (IOException e) {
            throw new AofLoadException("Can't read the AOF manifest " + manifestPath + ": " + e.getMessage(), e);
        }
    }

    /** Opens the last incremental file for appending, creating one (and the manifest) if there is none. */
    private void openForAppend() throws IOException {
        Files.createDirectories(directory);
        AofFile incremental = manifest.lastIncremental();
        if (incremental == null) {
            incremental = new AofFile(config.get("appendfilename") + "." + (manifest.highestIncrementalSequence() + 1)
                    + ".incr.aof", manifest.highestIncrementalSequence() + 1, FileType.INCREMENTAL);
            FileChannel created = FileChannel.open(directory.resolve(incremental.name()), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            created.force(true);
            created.close();
            manifest = manifest.withIncremental(incremental);
            writeManifest();
        }
        FileChannel file = FileChannel.open(directory.resolve(incremental.name()), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        baseSize = manifest.base() == null ? 0 : sizeOf(manifest.base());
        currentSize = baseSize + manifest.incrementals().stream().mapToLong(this::sizeOf).sum();
        policy = FsyncPolicy.of(config.get("appendfsync"));
        appended = 0;
        selectedDatabase = -1;
        writer = new AofWriter(file, 0, policy, this::durableUpTo, AppendOnlyFile::exitOnWriteError);
        enabled = true;
        propagation.addListener(this);
    }

    private long sizeOf(AofFile file) {
        try {
            return Files.size(directory.resolve(file.name()));
        } catch (IOException e) {
            return 0;
        }
    }

    /** The manifest is replaced atomically: written beside, forced, renamed over, directory forced. */
    private void writeManifest() throws IOException {
        Path target = manifestPath();
        Path temporary = directory.resolve("temp-" + target.getFileName());
        try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(StandardCharsets.UTF_8.encode(manifest.format()));
            out.force(true);
        }
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
        forceDirectory();
    }

    private void forceDirectory() {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // Some file systems cannot open a directory for reading; the rename is still done.
            log.debug("Could not fsync the directory {}: {}", directory, e.getMessage());
        }
    }

    private Path manifestPath() {
        return directory.resolve(config.get("appendfilename") + ".manifest");
    }

    @Override
    public void propagate(int database, byte[][] argv) {
        if (!enabled) {
            return;
        }
        if (buffer == null) {
            buffer = PooledByteBufAllocator.DEFAULT.directBuffer(INITIAL_BUFFER_BYTES);
        }
        int before = buffer.writerIndex();
        if (database != selectedDatabase) {
            writeCommand(buffer, SELECT, Integer.toString(database).getBytes(StandardCharsets.US_ASCII));
            selectedDatabase = database;
        }
        writeCommand(buffer, argv);
        int written = buffer.writerIndex() - before;
        appended += written;
        currentSize += written;
        if (policy == FsyncPolicy.ALWAYS) {
            durableReplies.appended(appended);
        }
        if (!handOffScheduled) {
            handOffScheduled = true;
            eventLoop.loop().execute(handOff);
        }
    }

    /** Once per turn of the event loop: what the turn appended goes to the writer. */
    private void handOff() {
        handOffScheduled = false;
        if (buffer != null && buffer.isReadable()) {
            if (policy == FsyncPolicy.ALWAYS) {
                writer.append(buffer, appended);
            } else {
                writer.writeDirectly(buffer, appended);
            }
            buffer = null;
        }
    }

    /** Called by the writer thread. */
    private void durableUpTo(long position) {
        eventLoop.loop().execute(() -> durableReplies.durable(position));
    }

    private static void exitOnWriteError() {
        new Thread(() -> System.exit(1), "cinnabar-aof-exit").start();
    }

    static void writeCommand(ByteBuf out, byte[]... argv) {
        out.writeByte('*');
        writeDecimal(out, argv.length);
        out.writeShort(('\r' << 8) | '\n');
        for (byte[] argument : argv) {
            out.writeByte('$');
            writeDecimal(out, argument.length);
            out.writeShort(('\r' << 8) | '\n');
            out.writeBytes(argument);
            out.writeShort(('\r' << 8) | '\n');
        }
    }

    private static void writeDecimal(ByteBuf out, int value) {
        if (value < 10) {
            out.writeByte('0' + value);
            return;
        }
        int digits = 0;
        for (int rest = value; rest > 0; rest /= 10) {
            digits++;
        }
        int end = out.writerIndex() + digits;
        out.ensureWritable(digits);
        for (int i = end - 1, rest = value; i >= out.writerIndex(); i--, rest /= 10) {
            out.setByte(i, '0' + rest % 10);
        }
        out.writerIndex(end);
    }

    private void fsyncPolicy(FsyncPolicy next) {
        if (!enabled) {
            return;
        }
        FsyncPolicy previous = policy;
        policy = next;
        writer.policy(next);
        if (previous == FsyncPolicy.ALWAYS && next != FsyncPolicy.ALWAYS) {
            // Held replies are released once what was appended is forced (by the next fsync).
            handOff();
            writer.forceNow();
        }
    }

    /** CONFIG SET appendonly yes|no. */
    private void switchAppendOnly(boolean on) {
        if (on == enabled) {
            return;
        }
        if (!on) {
            closeFiles();
            log.info("Background append only file rewriting stopped; AOF switched off");
            return;
        }
        if (store.totalKeys() > 0) {
            config.set("appendonly", "no");
            throw new ErrorReplyException("ERR AOF cannot be switched on while the dataset is not empty: "
                    + "this server cannot rewrite the AOF yet");
        }
        directory = Path.of(config.dir()).resolve(config.get("appenddirname"));
        manifest = Files.exists(manifestPath()) ? readManifest(manifestPath()) : AofManifest.empty();
        try {
            openForAppend();
        } catch (IOException e) {
            throw new ErrorReplyException("ERR Can't open the append-only file: " + e.getMessage());
        }
    }

    private void closeFiles() {
        if (!enabled) {
            return;
        }
        enabled = false;
        propagation.removeListener(this);
        handOff();
        try {
            writer.close().get(SHUTDOWN_FLUSH_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("The AOF could not be flushed: {}", e.getMessage());
        }
        durableReplies.releaseAll();
        writer = null;
    }

    /** The aof_* fields of INFO persistence, in Redis's order. */
    public Map<String, Object> infoFields() {
        boolean on = config.isEnabled("appendonly");
        AofWriter current = writer;
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("aof_enabled", on ? 1 : 0);
        fields.put("aof_rewrite_in_progress", 0);
        fields.put("aof_rewrite_scheduled", 0);
        fields.put("aof_last_rewrite_time_sec", -1);
        fields.put("aof_current_rewrite_time_sec", -1);
        fields.put("aof_last_bgrewrite_status", "ok");
        fields.put("aof_rewrites", 0);
        fields.put("aof_rewrites_consecutive_failures", 0);
        fields.put("aof_last_write_status", current == null || current.lastWriteOk() ? "ok" : "err");
        fields.put("aof_last_cow_size", 0);
        fields.put("module_fork_in_progress", 0);
        fields.put("module_fork_last_cow_size", 0);
        if (on) {
            fields.put("aof_current_size", currentSize);
            fields.put("aof_base_size", baseSize);
            fields.put("aof_pending_rewrite", 0);
            fields.put("aof_buffer_length", 0);
            fields.put("aof_pending_bio_fsync", current != null && current.fsyncPending() ? 1 : 0);
            fields.put("aof_delayed_fsync", 0);
        }
        return fields;
    }
}
