package dev.cinnabar.replication;

import io.lettuce.core.KillArgs;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;


import static dev.cinnabar.replication.ReplicationTopology.awaitLinkUp;
import static dev.cinnabar.replication.ReplicationTopology.dataset;
import static dev.cinnabar.replication.ReplicationTopology.writeEveryType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Replication between separate processes: a Cinnabar master with a Cinnabar replica, and
 * interoperability with a real redis-server 7.0 on either side (skipped when none is
 * installed). Every pair ends with the same dataset, compared key by key with type-specific
 * reads; WAIT, partial resync after a cut link, promotion and READONLY are checked on the way.
 */
class ReplicationIT extends TopologyTest {

    @Test
    void aCinnabarReplicaFollowsACinnabarMasterAndTakesOverWhenPromoted() throws Exception {
        int masterPort = topology.cinnabar("master", "--repl-diskless-sync-delay", "0");
        RedisCommands<String, String> master = topology.connect(masterPort);
        writeEveryType(master, "before");
        int replicaPort = topology.cinnabar("replica", "--replicaof", "127.0.0.1 " + masterPort);
        RedisCommands<String, String> replica = topology.connect(replicaPort);
        awaitLinkUp(replica);
        writeEveryType(master, "after");
        assertThat(master.waitForReplication(1, 5000)).isEqualTo(1);
        assertThat(dataset(replica)).isEqualTo(dataset(master));
        assertThatThrownBy(() -> replica.set("k", "v")).hasMessage("READONLY You can't write against a read only replica.");
        assertThat(master.info("replication")).contains("connected_slaves:1", "slave0:ip=127.0.0.1,port=" + replicaPort);

        // Promote the replica and point the old master at it: it continues from the backlog.
        assertThat(replica.replicaofNoOne()).isEqualTo("OK");
        replica.set("written-on-new-master", "1");
        assertThat(master.replicaof("127.0.0.1", replicaPort)).isEqualTo("OK");
        awaitLinkUp(master);
        assertThat(replica.waitForReplication(1, 5000)).isEqualTo(1);
        assertThat(master.get("written-on-new-master")).isEqualTo("1");
        assertThat(dataset(master)).isEqualTo(dataset(replica));
        assertThat(topology.cinnabarLog("replica")).contains("Partial resynchronization request");
    }

    @Test
    void aRedisReplicaFollowsACinnabarMaster() throws Exception {
        assumeThat(ReplicationTopology.redisServerBinary()).as("redis-server installed").isNotNull();
        int masterPort = topology.cinnabar("master", "--repl-diskless-sync-delay", "0");
        RedisCommands<String, String> master = topology.connect(masterPort);
        writeEveryType(master, "before");
        int redisPort = topology.redis("replica", "--replicaof", "127.0.0.1", Integer.toString(masterPort));
        RedisCommands<String, String> replica = topology.connect(redisPort);
        awaitLinkUp(replica);
        writeEveryType(master, "after");
        assertThat(master.waitForReplication(1, 5000)).isEqualTo(1);
        assertThat(dataset(replica)).isEqualTo(dataset(master));

        // A cut link continues with +CONTINUE from the backlog, not a new full sync.
        replica.clientKill(KillArgs.Builder.typeMaster());
        writeEveryType(master, "while-cut");
        awaitLinkUp(replica);
        assertThat(master.waitForReplication(1, 5000)).isEqualTo(1);
        assertThat(dataset(replica)).isEqualTo(dataset(master));
        assertThat(topology.redisLog("replica")).contains("Partial Resynchronization");
    }

    @Test
    void aCinnabarReplicaFollowsARedisMaster() throws Exception {
        assumeThat(ReplicationTopology.redisServerBinary()).as("redis-server installed").isNotNull();
        int redisPort = topology.redis("master");
        RedisCommands<String, String> master = topology.connect(redisPort);
        writeEveryType(master, "before");
        int replicaPort = topology.cinnabar("replica", "--replicaof", "127.0.0.1 " + redisPort);
        RedisCommands<String, String> replica = topology.connect(replicaPort);
        awaitLinkUp(replica);
        writeEveryType(master, "after");
        assertThat(master.waitForReplication(1, 5000)).isEqualTo(1);
        assertThat(dataset(replica)).isEqualTo(dataset(master));

        master.clientKill(KillArgs.Builder.typeSlave());
        writeEveryType(master, "while-cut");
        awaitLinkUp(replica);
        assertThat(master.waitForReplication(1, 5000)).isEqualTo(1);
        assertThat(dataset(replica)).isEqualTo(dataset(master));
        assertThat(master.info("stats")).contains("sync_full:1", "sync_partial_ok:1");
    }
}
