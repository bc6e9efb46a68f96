package dev.cinnabar.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The arguments of one request, reused from request to request on a connection so that
 * decoding a command allocates only the argument bytes themselves.
 */
public final class CommandArgs {

    private byte[][] argv = new byte[8][];
    private int argc;

    public int count() {
        return argc;
    }

    public byte[] get(int index) {
        return argv[index];
    }

    public String string(int index) {
        return new String(argv[index], StandardCharsets.UTF_8);
    }

    public void add(byte[] arg) {
        if (argc == argv.length) {
            argv = Arrays.copyOf(argv, argc * 2);
        }
        argv[argc++] = arg;
    }

    /** Drops the references so that large arguments are not kept alive by an idle connection. */
    public void clear() {
        Arrays.fill(argv, 0, argc, null);
        argc = 0;
    }

    /** A private copy of the arguments, for work that outlives the current request. */
    public byte[][] toArray() {
        return Arrays.copyOf(argv, argc);
    }

    public void setAll(byte[][] arguments) {
        clear();
        for (byte[] argument : arguments) {
            add(argument);
        }
    }

    /** Case-insensitive ASCII comparison of an argument with an option word given in lower case. */
    public boolean is(int index, String lowerCaseWord) {
        return Ascii.equalsIgnoreCase(argv[index], lowerCaseWord);
    }
}
