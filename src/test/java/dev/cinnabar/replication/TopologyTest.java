package dev.cinnabar.replication;

import dev.cinnabar.support.LaunchedServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The servers of a replication test: the jar built once, a topology per test in its own directory, all stopped after it. */
abstract class TopologyTest {

    @TempDir
    Path dir;

    ReplicationTopology topology;

    @BeforeAll
    static void buildTheServer() throws Exception {
        LaunchedServer.prepare();
    }

    @BeforeEach
    void startTopology() {
        topology = new ReplicationTopology(dir);
    }

    @AfterEach
    void stopEverything() throws Exception {
        topology.close();
    }
}
