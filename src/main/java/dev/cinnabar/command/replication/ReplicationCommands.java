package dev.cinnabar.command.replication;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandFamily;
import dev.cinnabar.command.Numbers;
import dev.cinnabar.command.RedisCommand;
import dev.cinnabar.net.ReplicationRole;
import dev.cinnabar.protocol.ErrorReplyException;
import dev.cinnabar.protocol.ReplyWriter;
import dev.cinnabar.replication.MasterSide;
import dev.cinnabar.replication.ReplicaSide;
import dev.cinnabar.replication.ReplicationInfo;
import dev.cinnabar.replication.ReplicationState;

import java.util.List;

import static dev.cinnabar.command.CommandFlag.ADMIN;
import static dev.cinnabar.command.CommandFlag.ALLOW_BUSY;
import static dev.cinnabar.command.CommandFlag.FAST;
import static dev.cinnabar.command.CommandFlag.LOADING;
import static dev.cinnabar.command.CommandFlag.NOSCRIPT;
import static dev.cinnabar.command.CommandFlag.NO_ASYNC_LOADING;
import static dev.cinnabar.command.CommandFlag.NO_MULTI;
import static dev.cinnabar.command.CommandFlag.STALE;

/** REPLICAOF (SLAVEOF), ROLE, and the commands replicas send their master: REPLCONF, PSYNC, SYNC. */
@CommandFamily("server")
public class ReplicationCommands {

    private static final String INVALID_PORT = "ERR Invalid master port";

    private final ReplicationState state;
    private final MasterSide masterSide;
    private final ReplicaSide replicaSide;

    public ReplicationCommands(ReplicationInfo replication) {
        this.state = replication.state();
        this.masterSide = replication.masterSide();
        this.replicaSide = replication.replicaSide();
    }

    @RedisCommand(name = "replicaof", arity = 3, flags = {ADMIN, NOSCRIPT, STALE, NO_ASYNC_LOADING},
            categories = {"dangerous"}, since = "5.0.0", complexity = "O(1)",
            summary = "Make the server a replica of another instance, or promote it as master.")
    public void replicaof(CommandContext ctx) {
        if (ctx.client().replicationRole() == ReplicationRole.REPLICA) {
            throw new ErrorReplyException("ERR Command is not valid when client is a replica.");
        }
        if (ctx.argIs(1, "no") && ctx.argIs(2, "one")) {
            replicaSide.promote();
            ctx.reply().ok();
            return;
        }
        Long port = Numbers.parseLong(ctx.arg(2));
        if (port == null || port < 0 || port > 65535) {
            throw new ErrorReplyException(INVALID_PORT);
        }
        String host = ctx.stringArg(1);
        if (replicaSide.follows(host, port.intValue())) {
            ctx.reply().simple("OK Already connected to specified master");
            return;
        }
        replicaSide.follow(host, port.intValue(), true);
        ctx.reply().ok();
    }

    @RedisCommand(name = "slaveof", arity = 3, flags = {ADMIN, NOSCRIPT, STALE, NO_ASYNC_LOADING},
            categories = {"dangerous"}, since = "1.0.0", complexity = "O(1)",
            summary = "Make the server a replica of another instance, or promote it as master.")
    public void slaveof(CommandContext ctx) {
        replicaof(ctx);
    }

    @RedisCommand(name = "role", arity = 1, flags = {NOSCRIPT, LOADING, STALE, FAST}, categories = {"admin", "dangerous"},
            since = "2.8.12", complexity = "O(1)",
            summary = "Return the role of the instance in the context of replication")
    public void role(CommandContext ctx) {
        ReplyWriter reply = ctx.reply();
        if (state.isReplica()) {
            reply.arrayHeader(5);
            reply.bulk("slave");
            reply.bulk(state.masterHost());
            reply.integer(state.masterPort());
            reply.bulk(replicaSide.linkState().roleName());
            reply.integer(replicaSide.linkUp() ? state.offset() : -1);
            return;
        }
        List<MasterSide.ReplicaView> replicas = masterSide.replicas();
        reply.arrayHeader(3);
        reply.bulk("master");
        reply.integer(state.offset());
        reply.arrayHeader(replicas.size());
        for (MasterSide.ReplicaView replica : replicas) {
            reply.arrayHeader(3);
            reply.bulk(replica.ip());
            reply.bulk(Integer.toString(replica.port()));
            reply.bulk(Long.toString(replica.offset()));
        }
    }

    @RedisCommand(name = "replconf", arity = -1, flags = {ADMIN, NOSCRIPT, LOADING, STALE, ALLOW_BUSY},
            categories = {"dangerous"}, since = "3.0.0", complexity = "O(1)",
            summary = "An internal command for configuring the replication stream")
    public void replconf(CommandContext ctx) {
        if (ctx.argCount() % 2 == 0) {
            throw CommandContext.syntaxError();
        }
        for (int i = 1; i < ctx.argCount(); i += 2) {
            if (ctx.argIs(i, "listening-port")) {
                long port = ctx.longArg(i + 1);
                masterSide.listeningPort(ctx.client(), (int) port);
            } else if (ctx.argIs(i, "ip-address")) {
                masterSide.announcedIp(ctx.client(), ctx.stringArg(i + 1));
            } else if (ctx.argIs(i, "capa")) {
                masterSide.capability(ctx.client(), ctx.stringArg(i + 1));
            } else if (ctx.argIs(i, "ack")) {
                // A replica's acknowledgement is never answered; FACK (the fsynced offset) may follow.
                Long offset = Numbers.parseLong(ctx.arg(i + 1));
                if (offset != null) {
                    masterSide.acknowledged(ctx.client(), offset);
                }
                return;
            } else if (ctx.argIs(i, "getack")) {
                // Only the master's GETACK is answered, on the replication link (see ReplicaSide).
                return;
            } else {
                throw new ErrorReplyException("ERR Unrecognized REPLCONF option: " + ctx.stringArg(i));
            }
        }
        ctx.reply().ok();
    }

    @RedisCommand(name = "psync", arity = -3, flags = {ADMIN, NOSCRIPT, NO_ASYNC_LOADING, NO_MULTI},
            categories = {"dangerous"}, since = "2.8.0", summary = "Internal command used for replication")
    public void psync(CommandContext ctx) {
        long offset = ctx.longArg(2);
        rejectWhileUnsynced();
        masterSide.psync(ctx, ctx.stringArg(1), offset);
    }

    @RedisCommand(name = "sync", arity = 1, flags = {ADMIN, NOSCRIPT, NO_ASYNC_LOADING, NO_MULTI},
            categories = {"dangerous"}, since = "1.0.0", summary = "Internal command used for replication")
    public void sync(CommandContext ctx) {
        rejectWhileUnsynced();
        masterSide.psync(ctx, null, -1);
    }

    /** A replica serves replicas of its own only while it has its master's data. */
    private void rejectWhileUnsynced() {
        if (state.isReplica() && !replicaSide.linkUp()) {
            throw new ErrorReplyException("NOMASTERLINK Can't SYNC while not connected with my master");
        }
    }
}
