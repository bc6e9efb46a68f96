package dev.cinnabar.command;

import dev.cinnabar.acl.Acl;
import dev.cinnabar.acl.AclUser;
import dev.cinnabar.acl.Permissions;
import dev.cinnabar.net.ClientConnection;
import dev.cinnabar.net.ReplicationRole;
import dev.cinnabar.propagation.Propagation;
import dev.cinnabar.protocol.CommandArgs;
import dev.cinnabar.protocol.ErrorReplyException;
import dev.cinnabar.protocol.ReplyWriter;
import dev.cinnabar.replication.ReplicationState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;

/**
 * Runs one decoded request: finds the command, checks its arity from the metadata, then
 * authentication and the user's ACL permissions, calls the handler and records the call in
 * the command's statistics. Handlers never repeat these checks.
 */
@Component
public class CommandDispatcher {

    private static final Logger log = LoggerFactory.getLogger(CommandDispatcher.class);
    private static final int QUOTED_ARGUMENT_LIMIT = 128;
    private static final String READONLY_REPLICA = "READONLY You can't write against a read only replica.";

    private static final String NO_AUTH = "NOAUTH Authentication required.";

    private final CommandRegistry registry;
    private final Propagation propagation;
    private final Acl acl;
    private final ReplicationState replication;

    public CommandDispatcher(CommandRegistry registry, Propagation propagation, Acl acl,
                             ReplicationState replication) {
        this.registry = registry;
        this.propagation = propagation;
        this.acl = acl;
        this.replication = replication;
    }

    public void dispatch(CommandContext context) {
        CommandArgs args = context.args();
        Transaction transaction = context.client().transaction();
        CommandSpec spec = registry.lookup(args.get(0));
        if (spec == null) {
            reject(context, transaction, unknownCommand(args));
            return;
        }
        if (spec.isContainer() && args.count() >= 2) {
            CommandSpec subcommand = spec.subcommand(args.get(1));
            if (subcommand == null) {
                reject(context, transaction, "ERR unknown subcommand '" + truncated(args.get(1)) + "'. Try "
                        + spec.name().toUpperCase() + " HELP.");
                return;
            }
            spec = subcommand;
        }
        if (!spec.arityAccepts(args.count())) {
            spec.rejectedCalls++;
            reject(context, transaction, wrongArity(spec));
            return;
        }
        ClientConnection client = context.client();
        if (!client.authenticated() && !spec.hasFlag(CommandFlag.NO_AUTH) && acl.authRequired()) {
            spec.rejectedCalls++;
            rejectNamed(context, transaction, spec, NO_AUTH);
            return;
        }
        AclUser user = client.aclUser();
        if (!user.unrestricted()) {
            int denial = acl.check(user, spec, args);
            if (denial != Permissions.ALLOWED) {
                spec.rejectedCalls++;
                acl.logDenial(client, denial, spec, args, transaction != null);
                rejectNamed(context, transaction, spec, Acl.denialMessage(denial, spec, user));
                return;
            }
        }
        if (context.client().inSubscribedMode() && !spec.allowedWhileSubscribed()) {
            spec.rejectedCalls++;
            reject(context, transaction, "ERR Can't execute '" + spec.fullName()
                    + "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context");
            return;
        }
        if (spec.hasFlag(CommandFlag.WRITE) && replication.isReplica() && replication.readOnlyReplica()
                && context.client().replicationRole() != ReplicationRole.MASTER) {
            spec.rejectedCalls++;
            reject(context, transaction, READONLY_REPLICA);
            return;
        }
        if (transaction != null && !spec.bypassesTransactionQueue()) {
            if (spec.hasFlag(CommandFlag.NO_MULTI)) {
                spec.rejectedCalls++;
                reject(context, transaction, "ERR Command not allowed inside a transaction");
                return;
            }
            transaction.queue(spec, args.toArray());
            context.reply().queued();
            return;
        }
        execute(spec, context);
    }

    /** A command refused before it ran; inside MULTI that dooms the transaction to EXECABORT. */
    private static void reject(CommandContext context, Transaction transaction, String error) {
        if (transaction != null) {
            transaction.abort();
        }
        context.reply().error(error);
    }

    /** A refusal of a known command: EXEC's own refusal discards the transaction, as Redis words it. */
    private static void rejectNamed(CommandContext context, Transaction transaction, CommandSpec spec, String error) {
        if (spec.fullName().equals("exec")) {
            context.client().endTransaction();
            context.reply().error("EXECABORT Transaction discarded because of: " + error);
            return;
        }
        reject(context, transaction, error);
    }

    /**
     * Runs the queued commands of a transaction one after another, as EXEC does, each reply
     * written in turn; their writes are propagated as one MULTI … EXEC block.
     */
    public void executeQueued(CommandContext context, Transaction transaction) {
        CommandSpec exec = context.command();
        CommandArgs args = context.args();
        propagation.transactionStarted();
        context.insideExec(true);
        try {
            AclUser user = context.client().aclUser();
            for (Transaction.QueuedCommand queued : transaction.queued()) {
                args.setAll(queued.argv());
                if (!user.unrestricted()) {
                    // The user's permissions may have changed since the command was queued.
                    int denial = acl.check(user, queued.spec(), args);
                    if (denial != Permissions.ALLOWED) {
                        acl.logDenial(context.client(), denial, queued.spec(), args, true);
                        context.reply().error(Acl.deniedAtExecMessage(denial));
                        continue;
                    }
                }
                execute(queued.spec(), context);
            }
        } finally {
            context.insideExec(false);
            propagation.transactionFinished();
        }
        // EXEC itself is not propagated: its commands already were.
        context.command(exec);
        context.client().lastCommand(exec);
    }

    private void execute(CommandSpec spec, CommandContext context) {
        ReplyWriter reply = context.reply();
        long errorsBefore = reply.errorCount();
        context.command(spec);
        context.client().lastCommand(spec);
        propagation.commandStarted();
        long start = System.nanoTime();
        try {
            spec.handler().execute(context);
        } catch (ErrorReplyException e) {
            reply.error(e.getMessage());
        } catch (RuntimeException e) {
            log.error("Command {} failed", spec.fullName(), e);
            reply.error("ERR internal error while executing '" + spec.fullName() + "'");
        }
        spec.nanos += System.nanoTime() - start;
        propagation.commandFinished(context.client().databaseIndex(), context.changedDataset(), context.args());
        // WAIT waits for the replicas to reach the stream as it was after the client's last command.
        context.client().replicationWriteOffset(replication.offset());
        spec.calls++;
        if (reply.errorCount() != errorsBefore) {
            spec.failedCalls++;
        }
    }

    public static String wrongArity(CommandSpec spec) {
        return "ERR wrong number of arguments for '" + spec.fullName() + "' command";
    }

    private static String unknownCommand(CommandArgs args) {
        StringBuilder message = new StringBuilder("ERR unknown command '")
                .append(truncated(args.get(0)))
                .append("', with args beginning with: ");
        int quoted = 0;
        for (int i = 1; i < args.count() && quoted < QUOTED_ARGUMENT_LIMIT; i++) {
            String argument = new String(args.get(i), StandardCharsets.UTF_8);
            String shown = argument.substring(0, Math.min(argument.length(), QUOTED_ARGUMENT_LIMIT - quoted));
            message.append('\'').append(shown).append("' ");
            quoted += shown.length() + 3;
        }
        return message.toString();
    }

    private static String truncated(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        return text.length() > QUOTED_ARGUMENT_LIMIT ? text.substring(0, QUOTED_ARGUMENT_LIMIT) : text;
    }
}
