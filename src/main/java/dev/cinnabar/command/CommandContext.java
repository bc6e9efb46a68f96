package dev.cinnabar.command;

import dev.cinnabar.net.ClientConnection;
import dev.cinnabar.propagation.Propagation;
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
    private final Propagation propagation;
    private CommandSpec command;
    private boolean changedDataset;
    private boolean insideExec;

    public CommandContext(CommandArgs args, ReplyWriter reply, ClientConnection client, KeyValueStore store,
                          Propagation propagation) {
        this.args = args;
        this.reply = reply;
        this.client = client;
        this.store = store;
        this.propagation = propagation;
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
        this.changedDataset = false;
    }

    void insideExec(boolean insideExec) {
        this.insideExec = insideExec;
    }

    /**
     * False while the command runs inside EXEC: a blocking command then answers at once as its
     * non-blocking form would, since a transaction cannot wait.
     */
    public boolean mayBlock() {
        return !insideExec;
    }

    boolean changedDataset() {
        return changedDataset;
    }

    /**
     * Records that the command changed the dataset {@code changes} times; a command that made
     * any change is propagated to the AOF and replicas.
     */
    public void changed(long changes) {
        if (changes > 0) {
            store.addChanges(changes);
            changedDataset = true;
        }
    }

    /**
     * Propagates the command although it may have changed nothing, as FLUSHALL on an empty
     * keyspace is still sent to the AOF and replicas; the change counter is left alone.
     */
    public void forcePropagation() {
        changedDataset = true;
    }

    /**
     * Propagates {@code argv}, run in the client's database, as (part of) this command's
     * effect instead of its own arguments: SPOP becomes SREM of the members it popped, a
     * blocking pop a plain pop. Each call adds one command, in order.
     */
    public void propagateAs(byte[]... argv) {
        propagation.propagateAs(client.databaseIndex(), argv);
    }

    /**
     * Reports keyspace event {@code event} (Redis's name: "set", "del", "lpush", ...) of class
     * {@code eventClass} ({@link dev.cinnabar.config.KeyspaceEventClasses}) on {@code key} in
     * the client's database, for {@code notify-keyspace-events}; one int check while they are off.
     */
    public void notifyKeyspaceEvent(int eventClass, String event, byte[] key) {
        store.events().notify(eventClass, event, key, client.databaseIndex());
    }

    public static ErrorReplyException syntaxError() {
        return new ErrorReplyException(SYNTAX_ERROR);
    }
}
