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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
    private final ObjectProvider<BaseRdbWriter> rdbWriter;
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
    /** The size after the last load or rewrite, which automatic rewrites measure growth from. */
    private long rewriteBaseSize;
    private AofRewrite rewrite;
    private boolean rewriteScheduled;
    private int rewrites;
    private boolean lastRewriteOk = true;
    private long lastRewriteSeconds = -1;

    /** A rewrite under way: its new base, and the incremental file writes go to meanwhile. */
    private record AofRewrite(AofFile base, AofFile incremental, long startedMillis) {
    }

    /** What BGREWRITEAOF answers. */
    public enum RewriteStart { STARTED, SCHEDULED, ALREADY_RUNNING }

    public AppendOnlyFile(RuntimeConfig config, KeyValueStore store, CommandRegistry registry,
                          CommandDispatcher dispatcher, Propagation propagation, KeyspaceEventLoop eventLoop,
                          ClientRegistry clients, ObjectProvider<BaseRdbLoader> rdbLoader,
                          ObjectProvider<BaseRdbWriter> rdbWriter) {
        this.config = config;
        this.store = store;
        this.registry = registry;
        this.dispatcher = dispatcher;
        this.propagation = propagation;
        this.eventLoop = eventLoop;
        this.durableReplies = clients.durableReplies();
        this.rdbLoader = rdbLoader;
        this.rdbWriter = rdbWriter;
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
        measureSizes();
        rewriteBaseSize = currentSize;
        policy = FsyncPolicy.of(config.get("appendfsync"));
        appended = 0;
        selectedDatabase = -1;
        writer = new AofWriter(file, 0, policy, this::durableUpTo, AppendOnlyFile::exitOnWriteError);
        enabled = true;
        propagation.addListener(this);
    }

    private void measureSizes() {
        baseSize = manifest.base() == null ? 0 : sizeOf(manifest.base());
        currentSize = baseSize + manifest.incrementals().stream().mapToLong(this::sizeOf).sum();
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
        directory = Path.of(config.dir()).resolve(config.get("appenddirname"));
        manifest = Files.exists(manifestPath()) ? readManifest(manifestPath()) : AofManifest.empty();
        try {
            openForAppend();
        } catch (IOException e) {
            throw new ErrorReplyException("ERR Can't open the append-only file: " + e.getMessage());
        }
        // As in Redis, the data already in memory reaches the AOF through a rewrite.
        if (store.totalKeys() > 0 && rewrite() == RewriteStart.ALREADY_RUNNING) {
            rewriteScheduled = true;
        }
    }

    // ---- rewriting ----

    /**
     * BGREWRITEAOF: a new base holding the dataset as it is now, written from a snapshot while
     * clients are served, and a fresh incremental file that takes the writes meanwhile; when
     * the base is complete the manifest names the two, atomically, and the older files go.
     */
    public RewriteStart rewrite() {
        if (rewrite != null) {
            return RewriteStart.ALREADY_RUNNING;
        }
        if (store.snapshotRunning() || !startRewrite()) {
            rewriteScheduled = true;
            return RewriteStart.SCHEDULED;
        }
        return RewriteStart.STARTED;
    }

    private boolean startRewrite() {
        BaseRdbWriter baseWriter = rdbWriter.getIfAvailable();
        if (baseWriter == null) {
            throw new ErrorReplyException("ERR This build cannot write an AOF base");
        }
        directory = Path.of(config.dir()).resolve(config.get("appenddirname"));
        if (manifest == null) {
            manifest = Files.exists(manifestPath()) ? readManifest(manifestPath()) : AofManifest.empty();
        }
        long baseSequence = manifest.base() == null ? 1 : manifest.base().sequence() + 1;
        AofFile base = new AofFile(config.get("appendfilename") + "." + baseSequence + ".base.rdb", baseSequence,
                FileType.BASE);
        AofFile incremental = null;
        try {
            Files.createDirectories(directory);
            if (enabled) {
                incremental = switchIncremental();
            }
        } catch (IOException e) {
            log.warn("Can't start the AOF rewrite: {}", e.getMessage());
            lastRewriteOk = false;
            return true;
        }
        AofRewrite started = new AofRewrite(base, incremental, System.currentTimeMillis());
        if (!baseWriter.startBackgroundSnapshot(directory.resolve(base.name()), failure -> rewriteDone(started,
                failure))) {
            return false;
        }
        rewrite = started;
        rewriteScheduled = false;
        log.info("Background append only file rewriting started");
        return true;
    }

    /**
     * Sends the writes from now on to a new incremental file, named in the manifest at once
     * (the old base and files plus the new one still describe the whole dataset).
     */
    private AofFile switchIncremental() throws IOException {
        handOff();
        long sequence = manifest.highestIncrementalSequence() + 1;
        AofFile incremental = new AofFile(config.get("appendfilename") + "." + sequence + ".incr.aof", sequence,
                FileType.INCREMENTAL);
        FileChannel file = FileChannel.open(directory.resolve(incremental.name()), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        writer.switchTo(file);
        selectedDatabase = -1;
        manifest = manifest.withIncremental(incremental);
        writeManifest();
        return incremental;
    }

    private void rewriteDone(AofRewrite finished, Throwable failure) {
        rewrite = null;
        lastRewriteSeconds = (System.currentTimeMillis() - finished.startedMillis()) / 1000;
        if (failure != null) {
            lastRewriteOk = false;
            log.warn("Background AOF rewrite failed: {}", failure.getMessage());
            return;
        }
        List<AofFile> obsolete = new ArrayList<>();
        if (manifest.base() != null) {
            obsolete.add(manifest.base());
        }
        obsolete.addAll(manifest.history());
        List<AofFile> kept = new ArrayList<>();
        for (AofFile file : manifest.incrementals()) {
            if (finished.incremental() != null && file.sequence() >= finished.incremental().sequence()) {
                kept.add(file);
            } else {
                obsolete.add(file);
            }
        }
        manifest = new AofManifest(finished.base(), kept, List.of());
        try {
            writeManifest();
        } catch (IOException e) {
            lastRewriteOk = false;
            log.warn("Background AOF rewrite failed writing the manifest: {}", e.getMessage());
            return;
        }
        for (AofFile file : obsolete) {
            try {
                Files.deleteIfExists(directory.resolve(file.name()));
            } catch (IOException e) {
                log.warn("Could not remove the old AOF file {}: {}", file.name(), e.getMessage());
            }
        }
        measureSizes();
        rewriteBaseSize = currentSize;
        rewrites++;
        lastRewriteOk = true;
        log.info("Background AOF rewrite finished successfully");
    }

    /**
     * Ten times a second (Redis's serverCron): a scheduled rewrite starts once no other
     * snapshot runs; with appendonly on, a file grown by auto-aof-rewrite-percentage since the
     * last rewrite, and past auto-aof-rewrite-min-size, is rewritten.
     */
    void checkRewrite() {
        if (rewrite != null || store.snapshotRunning()) {
            return;
        }
        if (rewriteScheduled) {
            rewrite();
            return;
        }
        long percentage = config.longValue("auto-aof-rewrite-percentage");
        if (!enabled || percentage == 0 || currentSize < config.longValue("auto-aof-rewrite-min-size")) {
            return;
        }
        long growth = currentSize * 100 / Math.max(rewriteBaseSize, 1) - 100;
        if (growth >= percentage) {
            log.info("Starting automatic rewriting of AOF on {}% growth", growth);
            rewrite();
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
        AofRewrite running = rewrite;
        fields.put("aof_rewrite_in_progress", running != null ? 1 : 0);
        fields.put("aof_rewrite_scheduled", rewriteScheduled ? 1 : 0);
        fields.put("aof_last_rewrite_time_sec", lastRewriteSeconds);
        fields.put("aof_current_rewrite_time_sec",
                running == null ? -1 : (System.currentTimeMillis() - running.startedMillis()) / 1000);
        fields.put("aof_last_bgrewrite_status", lastRewriteOk ? "ok" : "err");
        fields.put("aof_rewrites", rewrites);
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
