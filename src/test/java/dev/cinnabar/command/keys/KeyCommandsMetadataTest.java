package dev.cinnabar.command.keys;

import dev.cinnabar.command.AclCategory;
import dev.cinnabar.command.CommandRegistry;
import dev.cinnabar.command.CommandSpec;
import dev.cinnabar.support.ServerTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The metadata of each command against what COMMAND INFO and COMMAND DOCS of redis-server
 * 7.0 show. Key-spec flags are declared only where Redis's differ from the defaults COMMAND
 * INFO derives (RW update for a write, RO access for a read).
 */
class KeyCommandsMetadataTest extends ServerTest {

    @Autowired
    private CommandRegistry registry;

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "del;-2;write;1;-1;1;@keyspace @write @slow;generic;1.0.0;request_policy:multi_shard response_policy:agg_sum;RM delete",
            "unlink;-2;write fast;1;-1;1;@keyspace @write @fast;generic;4.0.0;request_policy:multi_shard response_policy:agg_sum;RM delete",
            "exists;-2;readonly fast;1;-1;1;@keyspace @read @fast;generic;1.0.0;request_policy:multi_shard response_policy:agg_sum;RO",
            "type;2;readonly fast;1;1;1;@keyspace @read @fast;generic;1.0.0;;RO",
            "keys;2;readonly;0;0;0;@keyspace @read @slow @dangerous;generic;1.0.0;request_policy:all_shards nondeterministic_output_order;",
            "scan;-2;readonly;0;0;0;@keyspace @read @slow;generic;2.8.0;nondeterministic_output request_policy:special;",
            "randomkey;1;readonly;0;0;0;@keyspace @read @slow;generic;1.0.0;request_policy:all_shards nondeterministic_output;",
            "rename;3;write;1;2;1;@keyspace @write @slow;generic;1.0.0;;",
            "renamenx;3;write fast;1;2;1;@keyspace @write @fast;generic;1.0.0;;",
            "copy;-3;write denyoom;1;2;1;@keyspace @write @slow;generic;6.2.0;;",
            "move;3;write fast;1;1;1;@keyspace @write @fast;generic;1.0.0;;RW access update",
            "expire;-3;write fast;1;1;1;@keyspace @write @fast;generic;1.0.0;;",
            "pexpire;-3;write fast;1;1;1;@keyspace @write @fast;generic;2.6.0;;",
            "expireat;-3;write fast;1;1;1;@keyspace @write @fast;generic;1.2.0;;",
            "pexpireat;-3;write fast;1;1;1;@keyspace @write @fast;generic;2.6.0;;",
            "ttl;2;readonly fast;1;1;1;@keyspace @read @fast;generic;1.0.0;nondeterministic_output;",
            "pttl;2;readonly fast;1;1;1;@keyspace @read @fast;generic;2.6.0;nondeterministic_output;",
            "expiretime;2;readonly fast;1;1;1;@keyspace @read @fast;generic;7.0.0;;",
            "pexpiretime;2;readonly fast;1;1;1;@keyspace @read @fast;generic;7.0.0;;",
            "persist;2;write fast;1;1;1;@keyspace @write @fast;generic;2.2.0;;",
            "touch;-2;readonly fast;1;-1;1;@keyspace @read @fast;generic;3.2.1;request_policy:multi_shard response_policy:agg_sum;RO",
            "object|encoding;3;readonly;2;2;1;@keyspace @read @slow;generic;2.2.3;nondeterministic_output;RO",
            "object|idletime;3;readonly;2;2;1;@keyspace @read @slow;generic;2.2.3;nondeterministic_output;RO",
            "object|refcount;3;readonly;2;2;1;@keyspace @read @slow;generic;2.2.3;nondeterministic_output;RO",
            "object|freq;3;readonly;2;2;1;@keyspace @read @slow;generic;4.0.0;nondeterministic_output;RO",
            "object|help;2;loading stale;0;0;0;@keyspace @slow;generic;6.2.0;;",
            "dbsize;1;readonly fast;0;0;0;@keyspace @read @fast;server;1.0.0;request_policy:all_shards response_policy:agg_sum;",
            "flushdb;-1;write;0;0;0;@keyspace @write @slow @dangerous;server;1.0.0;request_policy:all_shards response_policy:all_succeeded;",
            "flushall;-1;write;0;0;0;@keyspace @write @slow @dangerous;server;1.0.0;request_policy:all_shards response_policy:all_succeeded;",
            "swapdb;3;write fast;0;0;0;@keyspace @write @fast @dangerous;server;4.0.0;;",
    })
    void matchesRedis(String name, int arity, String flags, int firstKey, int lastKey, int keyStep,
                      String categories, String group, String since, String tips, String keySpecFlags) {
        CommandSpec spec = spec(name);

        assertThat(spec.arity()).isEqualTo(arity);
        assertThat(String.join(" ", spec.flagNames())).isEqualTo(flags);
        assertThat(List.of(spec.firstKey(), spec.lastKey(), spec.keyStep())).containsExactly(firstKey, lastKey, keyStep);
        assertThat(String.join(" ", AclCategory.wireNames(spec.categories()))).isEqualTo(categories);
        assertThat(spec.group()).isEqualTo(group);
        assertThat(spec.since()).isEqualTo(since);
        assertThat(String.join(" ", spec.tips())).isEqualTo(tips == null ? "" : tips);
        assertThat(String.join(" ", spec.keySpecFlags())).isEqualTo(keySpecFlags == null ? "" : keySpecFlags);
        assertThat(spec.summary()).isNotEmpty();
        assertThat(spec.complexity()).isNotEmpty();
    }

    @Test
    void objectIsAContainerDocumentedAsRedisDocumentsIt() {
        CommandSpec object = registry.lookup("object");

        assertThat(object.isContainer()).isTrue();
        assertThat(object.summary()).isEqualTo("A container for object introspection commands");
        assertThat(object.since()).isEqualTo("2.2.3");
        assertThat(object.subcommands()).extracting(CommandSpec::name)
                .containsExactlyInAnyOrder("encoding", "idletime", "refcount", "freq", "help");
    }

    private CommandSpec spec(String name) {
        int bar = name.indexOf('|');
        if (bar < 0) {
            return registry.lookup(name);
        }
        return registry.lookup(name.substring(0, bar))
                .subcommand(name.substring(bar + 1).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
}
