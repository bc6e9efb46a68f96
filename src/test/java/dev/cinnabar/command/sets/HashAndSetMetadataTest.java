package dev.cinnabar.command.sets;

import dev.cinnabar.command.AclCategory;
import dev.cinnabar.command.CommandRegistry;
import dev.cinnabar.command.CommandSpec;
import dev.cinnabar.support.ServerTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hash and set commands' metadata against redis-server 7.0's COMMAND INFO and COMMAND
 * DOCS, including the tips and the flags of the first key specification, which the
 * automatic comparison leaves out. Key-spec flags are declared only where Redis's differ
 * from the defaults (RW update for a write, RO access for a read).
 */
class HashAndSetMetadataTest extends ServerTest {

    @Autowired
    private CommandRegistry registry;

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "hset;-4;write denyoom fast;1;1;1;@write @hash @fast;hash;2.0.0;;",
            "hsetnx;4;write denyoom fast;1;1;1;@write @hash @fast;hash;2.0.0;;RW insert",
            "hmset;-4;write denyoom fast;1;1;1;@write @hash @fast;hash;2.0.0;;",
            "hget;3;readonly fast;1;1;1;@read @hash @fast;hash;2.0.0;;",
            "hmget;-3;readonly fast;1;1;1;@read @hash @fast;hash;2.0.0;;",
            "hgetall;2;readonly;1;1;1;@read @hash @slow;hash;2.0.0;nondeterministic_output_order;",
            "hkeys;2;readonly;1;1;1;@read @hash @slow;hash;2.0.0;nondeterministic_output_order;",
            "hvals;2;readonly;1;1;1;@read @hash @slow;hash;2.0.0;nondeterministic_output_order;",
            "hlen;2;readonly fast;1;1;1;@read @hash @fast;hash;2.0.0;;RO",
            "hexists;3;readonly fast;1;1;1;@read @hash @fast;hash;2.0.0;;RO",
            "hdel;-3;write fast;1;1;1;@write @hash @fast;hash;2.0.0;;RW delete",
            "hstrlen;3;readonly fast;1;1;1;@read @hash @fast;hash;3.2.0;;RO",
            "hincrby;4;write denyoom fast;1;1;1;@write @hash @fast;hash;2.0.0;;RW access update",
            "hincrbyfloat;4;write denyoom fast;1;1;1;@write @hash @fast;hash;2.6.0;;RW access update",
            "hrandfield;-2;readonly;1;1;1;@read @hash @slow;hash;6.2.0;nondeterministic_output;",
            "hscan;-3;readonly;1;1;1;@read @hash @slow;hash;2.8.0;nondeterministic_output;",
            "sadd;-3;write denyoom fast;1;1;1;@write @set @fast;set;1.0.0;;RW insert",
            "srem;-3;write fast;1;1;1;@write @set @fast;set;1.0.0;;RW delete",
            "smembers;2;readonly;1;1;1;@read @set @slow;set;1.0.0;nondeterministic_output_order;",
            "sismember;3;readonly fast;1;1;1;@read @set @fast;set;1.0.0;;RO",
            "smismember;-3;readonly fast;1;1;1;@read @set @fast;set;6.2.0;;",
            "scard;2;readonly fast;1;1;1;@read @set @fast;set;1.0.0;;RO",
            "spop;-2;write fast;1;1;1;@write @set @fast;set;1.0.0;nondeterministic_output;RW access delete",
            "srandmember;-2;readonly;1;1;1;@read @set @slow;set;1.0.0;nondeterministic_output;",
            "smove;4;write fast;1;2;1;@write @set @fast;set;1.0.0;;RW access delete",
            "sinter;-2;readonly;1;-1;1;@read @set @slow;set;1.0.0;nondeterministic_output_order;",
            "sintercard;-3;readonly movablekeys;0;0;0;@read @set @slow;set;7.0.0;;",
            "sunion;-2;readonly;1;-1;1;@read @set @slow;set;1.0.0;nondeterministic_output_order;",
            "sdiff;-2;readonly;1;-1;1;@read @set @slow;set;1.0.0;nondeterministic_output_order;",
            "sinterstore;-3;write denyoom;1;-1;1;@write @set @slow;set;1.0.0;;",
            "sunionstore;-3;write denyoom;1;-1;1;@write @set @slow;set;1.0.0;;OW update",
            "sdiffstore;-3;write denyoom;1;-1;1;@write @set @slow;set;1.0.0;;OW update",
            "sscan;-3;readonly;1;1;1;@read @set @slow;set;2.8.0;nondeterministic_output;",
    })
    void matchesRedis(String name, int arity, String flags, int firstKey, int lastKey, int keyStep,
                      String categories, String group, String since, String tips, String keySpecFlags) {
        CommandSpec spec = registry.lookup(name);

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
}
