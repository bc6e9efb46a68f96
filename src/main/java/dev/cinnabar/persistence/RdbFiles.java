package dev.cinnabar.persistence;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes a file so that a crash never leaves a broken one: into a temporary file in the same
 * directory, flushed to disk, then renamed over the target (and the directory synced).
 */
final class RdbFiles {

    private static final AtomicLong TEMP_COUNTER = new AtomicLong();

    /** Writes the content. */
    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private RdbFiles() {
    }

    static Path tempFileFor(Path target) {
        return target.resolveSibling("temp-" + ProcessHandle.current().pid() + "-" + TEMP_COUNTER.incrementAndGet()
                + ".rdb");
    }

    static void write(Path target, Content content) throws IOException {
        Path temp = tempFileFor(target);
        try (FileOutputStream file = new FileOutputStream(temp.toFile());
             OutputStream out = new BufferedOutputStream(file, 1 << 20)) {
            content.writeTo(out);
            out.flush();
            file.getChannel().force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        commit(temp, target);
    }

    /** Renames a complete, synced temporary file over the target. */
    static void commit(Path temp, Path target) throws IOException {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(target.toAbsolutePath().getParent());
    }

    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException ignored) {
            // Some file systems cannot sync a directory; the rename itself is still atomic.
        }
    }
}
