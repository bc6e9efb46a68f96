package dev.cinnabar.support;

import dev.cinnabar.propagation.Propagation;
import dev.cinnabar.propagation.PropagationListener;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Records what the server propagates (what the AOF and replicas will receive), one line per
 * command, e.g. {@code "0 SET k v"}. Attach it for the duration of a test.
 */
public final class PropagationRecorder implements PropagationListener, AutoCloseable {

    private final Propagation propagation;
    private final List<String> commands = new ArrayList<>();

    public PropagationRecorder(Propagation propagation) {
        this.propagation = propagation;
        propagation.addListener(this);
    }

    @Override
    public synchronized void propagate(int database, byte[][] argv) {
        StringJoiner line = new StringJoiner(" ", database + " ", "");
        for (byte[] argument : argv) {
            line.add(new String(argument, StandardCharsets.UTF_8));
        }
        commands.add(line.toString());
    }

    public synchronized List<String> commands() {
        return List.copyOf(commands);
    }

    @Override
    public void close() {
        propagation.removeListener(this);
    }
}
