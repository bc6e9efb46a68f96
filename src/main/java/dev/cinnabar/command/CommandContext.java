package dev.cinnabar.command;

import dev.cinnabar.net.ClientConnection;
import dev.cinnabar.protocol.Ascii;
import dev.cinnabar.protocol.CommandArgs;
import dev.cinnabar.protocol.ErrorReplyException;
import dev.cinnabar.protocol.ReplyWriter;
import dev.cinnabar.store.Database;
import dev.cinnabar.store.KeyValueStore;

/**
 * What a command handler works with: the request's arguments, the reply writer, the
 * calling client and the keyspace. One instance per connection, reused for every request.
 */
public final class CommandContext {

    public static final String SYNTAX_ERROR = "ERR syntax error";

    private final CommandArgs args;
    private final ReplyWriter reply;
    private final ClientConnection client;
    private final KeyValueStore store;
    private CommandSpec command;

    public CommandContext(CommandArgs args, ReplyWriter reply, ClientConnection client, KeyValueStore store) {
        this.args = args;
        this.reply = reply;
        this.client = client;
        this.store = store;
    }

    public CommandArgs args() {
        return args;
    }

    public int argCount() {
        return args.count();
    }

    public byte[] arg(int index) {
        return args.get(index);
    }

    public String stringArg(int index) {
        return args.string(index);
    }

    /** True if argument {@code index} is the option word {@code lowerCaseWord}, in any case. */
    public boolean argIs(int index, String lowerCaseWord) {
        return Ascii.equalsIgnoreCase(args.get(index), lowerCaseWord);
    }

    /** Argument {@code index} as an integer, or Redis's "not an integer" error. */
    public long longArg(int index) {
        return Numbers.parseLongOrError(args.get(index));
    }

    public ReplyWriter reply() {
        return reply;
    }

    public ClientConnection client() {
        return client;
    }

    public KeyValueStore store() {
        return store;
    }

    /** The database the client has selected. */
    public Database db() {
        return store.database(client.databaseIndex());
    }

    /** The command being executed. */
    public CommandSpec command() {
        return command;
    }

    void command(CommandSpec spec) {
        this.command = spec;
    }

    /** Records that the command changed the dataset {@code changes} times. */
    public void changed(long changes) {
        store.addChanges(changes);
    }

    public static ErrorReplyException syntaxError() {
        return new ErrorReplyException(SYNTAX_ERROR);
    }
}
