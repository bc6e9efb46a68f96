package dev.cinnabar.replication;

import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** INFO replication's fields, in Redis 7.0's order, for a master and for a replica. Keyspace thread. */
@Component
public class ReplicationInfo {

    private final ReplicationState state;
    private final MasterSide masterSide;
    private final ReplicaSide replicaSide;

    public ReplicationInfo(ReplicationState state, MasterSide masterSide, ReplicaSide replicaSide) {
        this.state = state;
        this.masterSide = masterSide;
        this.replicaSide = replicaSide;
    }

    public ReplicationState state() {
        return state;
    }

    public MasterSide masterSide() {
        return masterSide;
    }

    public ReplicaSide replicaSide() {
        return replicaSide;
    }

    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (state.isReplica()) {
            fields.put("role", "slave");
            fields.put("master_host", state.masterHost());
            fields.put("master_port", state.masterPort());
            boolean up = replicaSide.linkUp();
            fields.put("master_link_status", up ? "up" : "down");
            fields.put("master_last_io_seconds_ago", up ? replicaSide.lastIoSecondsAgo() : -1);
            fields.put("master_sync_in_progress", replicaSide.syncInProgress() ? 1 : 0);
            fields.put("slave_read_repl_offset", state.offset());
            fields.put("slave_repl_offset", state.offset());
            if (!up) {
                fields.put("master_link_down_since_seconds", replicaSide.linkDownSeconds());
            }
            fields.put("slave_priority", 100);
            fields.put("slave_read_only", state.readOnlyReplica() ? 1 : 0);
            fields.put("replica_announced", 1);
        } else {
            fields.put("role", "master");
        }
        List<MasterSide.ReplicaView> replicas = masterSide.replicas();
        fields.put("connected_slaves", replicas.size());
        for (int i = 0; i < replicas.size(); i++) {
            MasterSide.ReplicaView replica = replicas.get(i);
            fields.put("slave" + i, "ip=" + replica.ip() + ",port=" + replica.port() + ",state=" + replica.state()
                    + ",offset=" + replica.offset() + ",lag=" + replica.lagSeconds());
        }
        fields.put("master_failover_state", "no-failover");
        fields.put("master_replid", state.replicationId());
        fields.put("master_replid2", state.secondaryReplicationId());
        fields.put("master_repl_offset", state.offset());
        fields.put("second_repl_offset", state.secondaryOffset());
        fields.put("repl_backlog_active", masterSide.backlogActive() ? 1 : 0);
        fields.put("repl_backlog_size", masterSide.backlogSize());
        fields.put("repl_backlog_first_byte_offset", masterSide.backlogFirstByteOffset());
        fields.put("repl_backlog_histlen", masterSide.backlogHistoryLength());
        return fields;
    }
}
