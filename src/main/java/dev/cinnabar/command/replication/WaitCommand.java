package dev.cinnabar.command.replication;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandFamily;
import dev.cinnabar.command.Numbers;
import dev.cinnabar.command.RedisCommand;
import dev.cinnabar.protocol.ErrorReplyException;
import dev.cinnabar.replication.MasterSide;

import static dev.cinnabar.command.CommandFlag.NOSCRIPT;

/**
 * WAIT: blocks the client (only it) until its writes reached enough replicas, or the timeout.
 * Redis files WAIT under the generic group, which here would imply @keyspace; its ACL
 * categories are @slow @connection, so it is served from the connection group.
 */
@CommandFamily("connection")
public class WaitCommand {

    private final MasterSide masterSide;

    public WaitCommand(MasterSide masterSide) {
        this.masterSide = masterSide;
    }

    @RedisCommand(name = "wait", arity = 3, flags = {NOSCRIPT},
            tips = {"request_policy:all_shards", "response_policy:agg_min"}, since = "3.0.0", complexity = "O(1)",
            summary = "Wait for the synchronous replication of all the write commands sent in the context of the "
                    + "current connection")
    public void waitForReplicas(CommandContext ctx) {
        masterSide.rejectWaitOnReplica();
        long numReplicas = ctx.longArg(1);
        Long timeout = Numbers.parseLong(ctx.arg(2));
        if (timeout == null) {
            throw new ErrorReplyException("ERR timeout is not an integer or out of range");
        }
        if (timeout < 0) {
            throw new ErrorReplyException("ERR timeout is negative");
        }
        masterSide.await(ctx, numReplicas, timeout);
    }
}
