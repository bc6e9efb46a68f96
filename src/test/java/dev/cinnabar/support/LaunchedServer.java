package dev.cinnabar.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged server started as users and the CodeCrafters tester start it: a separate
 * process launched through {@code ./your_program.sh}, in a working directory of the test's
 * (one server per directory: its standard output and error are kept there).
 */
public final class LaunchedServer implements AutoCloseable {

    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final long START_TIMEOUT_SECONDS = 60;

    private final Process process;
    private final Path output;
    private final Path errors;

    private LaunchedServer(Process process, Path output, Path errors) {
        this.process = process;
        this.output = output;
        this.errors = errors;
    }

    /** Builds the jar and records the start-up cache, as the tester's compile step does; call it once per class. */
    public static void prepare() throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", PROJECT.resolve("your_program.sh").toString());
        builder.environment().put("CINNABAR_PREPARE_ONLY", "1");
        Process prepared = builder.inheritIO().start();
        assertThat(prepared.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(prepared.exitValue()).isZero();
    }

    public static LaunchedServer launch(Path workingDirectory, String... args) throws IOException {
        Files.createDirectories(workingDirectory);
        List<String> command = new ArrayList<>(List.of("bash", PROJECT.resolve("your_program.sh").toString()));
        command.addAll(List.of(args));
        Path output = workingDirectory.resolve("server.out");
        Path errors = workingDirectory.resolve("server.err");
        Process process = new ProcessBuilder(command).directory(workingDirectory.toFile())
                .redirectOutput(output.toFile()).redirectError(errors.toFile()).start();
        return new LaunchedServer(process, output, errors);
    }

    public Process process() {
        return process;
    }

    /** Waits until the server accepts connections on {@code port}, failing with its log if it exits first. */
    public void waitForPort(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as("server running; log: %s", log()).isTrue();
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        throw new AssertionError("server did not listen on " + port + "; log: " + log());
    }

    /** Waits for a server that should stop on its own and returns its exit status. */
    public int waitForExit() throws Exception {
        assertThat(process.waitFor(START_TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("server exited; log: %s", log())
                .isTrue();
        return process.exitValue();
    }

    /** What the server wrote to standard output (its log). */
    public String output() throws IOException {
        return Files.exists(output) ? Files.readString(output) : "";
    }

    /** What the server wrote to standard error. */
    public String errors() throws IOException {
        return Files.exists(errors) ? Files.readString(errors) : "";
    }

    public String log() throws IOException {
        return output() + errors();
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
