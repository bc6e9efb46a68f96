package dev.cinnabar.command.server;

import dev.cinnabar.replication.ReplicationState;
import dev.cinnabar.support.RawClient;
import dev.cinnabar.support.ServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class InfoCommandTest extends ServerTest {

    @Autowired
    private ReplicationState replication;

    @Test
    void defaultInfoHasRedisSectionsInRedisOrderWithoutCommandstats() {
        assertThat(sectionTitles(redis.info())).containsExactly("Server", "Clients", "Memory", "Persistence",
                "Stats", "Replication", "CPU", "Modules", "Errorstats", "Cluster", "Keyspace");
        assertThat(sectionTitles(redis.info("default"))).doesNotContain("Commandstats");
    }

    @Test
    void allAndEverythingAddCommandstats() {
        assertThat(sectionTitles(redis.info("all"))).contains("Commandstats");
        assertThat(sectionTitles(redis.info("everything"))).contains("Commandstats");
    }

    @Test
    void sectionsComeOnceInRedisOrderWhateverTheRequest() throws Exception {
        assertThat(sectionTitles(info("KEYSPACE", "server", "Server", "nosuch"))).containsExactly("Server", "Keyspace");
    }

    @Test
    void framingMatchesRedisByteForByte() throws Exception {
        RawClient raw = raw();
        assertThat(raw.command("INFO", "modules").readReply()).isEqualTo("$11\r\n# Modules\r\n\r\n");
        assertThat(raw.command("INFO", "cluster").readReply()).isEqualTo("$30\r\n# Cluster\r\ncluster_enabled:0\r\n\r\n");
        assertThat(raw.command("INFO", "modules", "cluster").readReply())
                .isEqualTo("$43\r\n# Modules\r\n\r\n# Cluster\r\ncluster_enabled:0\r\n\r\n");
    }

    @Test
    void unknownSectionIsAnEmptyBulkString() throws Exception {
        assertThat(raw().command("INFO", "nosuchsection").readReply()).isEqualTo("$0\r\n\r\n");
    }

    @Test
    void serverSectionDescribesThisProcess() {
        String info = redis.info("server");
        assertThat(info).startsWith("# Server\r\nredis_version:7.0.15\r\n");
        assertThat(field(info, "redis_mode")).isEqualTo("standalone");
        assertThat(field(info, "tcp_port")).isEqualTo(Integer.toString(server.port()));
        assertThat(field(info, "process_id")).isEqualTo(Long.toString(ProcessHandle.current().pid()));
        assertThat(field(info, "arch_bits")).isEqualTo("64");
        assertThat(field(info, "run_id")).matches("[0-9a-f]{40}");
        assertThat(field(info, "hz")).isEqualTo("10");
        assertThat(Long.parseLong(field(info, "uptime_in_seconds"))).isNotNegative();
        assertThat(field(info, "executable")).isNotEmpty();
        assertThat(info).contains("\r\nconfig_file:\r\n");
    }

    @Test
    void serverSectionEndsWithTheAdminHttpPort() {
        String info = redis.info("server");
        assertThat(info).contains("\r\nio_threads_active:0\r\nadmin_http_port:" + httpPort + "\r\n");
    }

    @Test
    void clientsSectionCountsConnections() {
        long received = Long.parseLong(field(redis.info("stats"), "total_connections_received"));
        int connected = Integer.parseInt(field(redis.info("clients"), "connected_clients"));
        newConnection().sync().ping();
        assertThat(Integer.parseInt(field(redis.info("clients"), "connected_clients"))).isEqualTo(connected + 1);
        assertThat(Long.parseLong(field(redis.info("stats"), "total_connections_received"))).isEqualTo(received + 1);
        assertThat(field(redis.info("clients"), "maxclients")).isEqualTo("10000");
        assertThat(field(redis.info("clients"), "blocked_clients")).isEqualTo("0");
    }

    @Test
    void memorySectionReportsTheJvm() {
        String info = redis.info("memory");
        long used = Long.parseLong(field(info, "used_memory"));
        assertThat(used).isPositive();
        assertThat(Long.parseLong(field(info, "used_memory_peak"))).isGreaterThanOrEqualTo(used);
        assertThat(Long.parseLong(field(info, "used_memory_rss"))).isPositive();
        assertThat(field(info, "used_memory_human")).matches("\\d+\\.\\d\\d[KMG]");
        assertThat(field(info, "mem_allocator")).isEqualTo("jvm");
        assertThat(field(info, "maxmemory")).isEqualTo("0");
        assertThat(field(info, "maxmemory_human")).isEqualTo("0B");
        assertThat(field(info, "maxmemory_policy")).isEqualTo("noeviction");
    }

    @Test
    void keyspaceShowsEachNonEmptyDatabase() throws Exception {
        assertThat(redis.info("keyspace")).isEqualTo("# Keyspace\r\n");
        redis.set("a", "1");
        redis.set("b", "2");
        long inAnHour = System.currentTimeMillis() + 3_600_000;
        onKeyspace(() -> {
            store.database(0).put("c".getBytes(), "3".getBytes(), inAnHour);
            store.database(3).put("d".getBytes(), "4".getBytes());
            return null;
        });
        String keyspace = redis.info("keyspace");
        Matcher db0 = Pattern.compile("db0:keys=3,expires=1,avg_ttl=(\\d+)\r\n").matcher(keyspace);
        assertThat(db0.find()).as(keyspace).isTrue();
        assertThat(Long.parseLong(db0.group(1))).isBetween(3_500_000L, 3_600_000L);
        assertThat(keyspace).endsWith("db3:keys=1,expires=0,avg_ttl=0\r\n");
    }

    @Test
    void keyspaceHitsAndMissesFollowReads() {
        redis.set("present", "v");
        String before = redis.info("stats");
        redis.get("present");
        redis.get("present");
        redis.get("absent");
        String after = redis.info("stats");
        assertThat(delta(before, after, "keyspace_hits")).isEqualTo(2);
        assertThat(delta(before, after, "keyspace_misses")).isEqualTo(1);
    }

    @Test
    void totalCommandsProcessedCountsEveryExecutedCommand() {
        String before = redis.info("stats");
        redis.set("k", "v");
        redis.get("k");
        String after = redis.info("stats");
        // SET, GET and the first INFO itself, which is counted once it has run
        assertThat(delta(before, after, "total_commands_processed")).isEqualTo(3);
    }

    @Test
    void changesSinceLastSaveFollowWrites() {
        String before = redis.info("persistence");
        redis.set("k", "v");
        redis.set("k", "w");
        String after = redis.info("persistence");
        assertThat(delta(before, after, "rdb_changes_since_last_save")).isEqualTo(2);
        assertThat(field(after, "loading")).isEqualTo("0");
        assertThat(field(after, "aof_enabled")).isEqualTo("0");
        assertThat(Long.parseLong(field(after, "rdb_last_save_time"))).isEqualTo(redis.lastsave().getTime() / 1000);
    }

    @Test
    void commandstatsCountCallsRejectionsAndFailures() throws Exception {
        String before = redis.info("commandstats");
        redis.set("k", "v");
        redis.get("k");
        redis.get("k");
        RawClient raw = raw();
        raw.command("GET").readReply();
        String after = redis.info("commandstats");
        Matcher get = Pattern.compile("cmdstat_get:calls=(\\d+),usec=(\\d+),usec_per_call=(\\d+\\.\\d\\d),"
                + "rejected_calls=(\\d+),failed_calls=(\\d+)\r\n").matcher(after);
        assertThat(get.find()).as(after).isTrue();
        assertThat(Long.parseLong(get.group(1)) - stat(before, "get", "calls")).isEqualTo(2);
        assertThat(Long.parseLong(get.group(4)) - stat(before, "get", "rejected_calls")).isEqualTo(1);
        assertThat(stat(after, "set", "calls") - stat(before, "set", "calls")).isEqualTo(1);
        assertThat(after).contains("cmdstat_info:calls=");
    }

    @Test
    void errorstatsCountUnknownCommandsByErrorCode() throws Exception {
        String before = info("errorstats", "stats");
        assertThat(raw().command("NOSUCHCOMMAND").readReply()).startsWith("-ERR unknown command");
        String after = info("errorstats", "stats");
        assertThat(errorCount(after) - errorCount(before)).isEqualTo(1);
        assertThat(delta(before, after, "total_error_replies")).isEqualTo(1);
    }

    @Test
    void replicationSectionShowsAMasterWithItsReplicationId() {
        String info = redis.info("replication");
        assertThat(field(info, "role")).isEqualTo("master");
        assertThat(field(info, "connected_slaves")).isEqualTo("0");
        assertThat(field(info, "master_failover_state")).isEqualTo("no-failover");
        assertThat(field(info, "master_replid")).matches("[0-9a-f]{40}").isEqualTo(replication.replicationId());
        assertThat(field(info, "master_replid2")).isEqualTo("0".repeat(40));
        assertThat(field(info, "master_repl_offset")).isEqualTo("0");
        assertThat(field(info, "second_repl_offset")).isEqualTo("-1");
        assertThat(field(info, "repl_backlog_active")).isEqualTo("0");
        assertThat(field(info, "repl_backlog_size")).isEqualTo("1048576");
    }

    @Test
    void cpuSectionHasSixDecimalSeconds() {
        String info = redis.info("cpu");
        for (String name : List.of("used_cpu_sys", "used_cpu_user", "used_cpu_sys_children",
                "used_cpu_user_children", "used_cpu_sys_main_thread", "used_cpu_user_main_thread")) {
            assertThat(field(info, name)).matches("\\d+\\.\\d{6}");
        }
    }

    /** INFO with several sections, which Lettuce's info() cannot send. */
    private String info(String... sections) throws Exception {
        String[] command = new String[sections.length + 1];
        command[0] = "INFO";
        System.arraycopy(sections, 0, command, 1, sections.length);
        return raw().command(command).readReply();
    }

    private static List<String> sectionTitles(String info) {
        List<String> titles = new ArrayList<>();
        Matcher header = Pattern.compile("(?:^|\n)# (\\w+)\r\n").matcher(info);
        while (header.find()) {
            titles.add(header.group(1));
        }
        return titles;
    }

    private static String field(String info, String name) {
        Matcher line = Pattern.compile("(?:^|\n)" + Pattern.quote(name) + ":([^\r\n]*)\r\n").matcher(info);
        assertThat(line.find()).as(name + " in " + info).isTrue();
        return line.group(1);
    }

    private static long delta(String before, String after, String name) {
        return Long.parseLong(field(after, name)) - Long.parseLong(field(before, name));
    }

    private static long stat(String commandstats, String command, String counter) {
        Matcher line = Pattern.compile("cmdstat_" + command + ":.*?\\b" + counter + "=(\\d+)").matcher(commandstats);
        return line.find() ? Long.parseLong(line.group(1)) : 0;
    }

    private static long errorCount(String errorstats) {
        Matcher line = Pattern.compile("errorstat_ERR:count=(\\d+)").matcher(errorstats);
        return line.find() ? Long.parseLong(line.group(1)) : 0;
    }
}
