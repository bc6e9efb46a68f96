package dev.cinnabar.command.pubsub;

import dev.cinnabar.support.RawClient;
import dev.cinnabar.support.KeyspaceEventsTest;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * notify-keyspace-events for the hash, set and stream commands: the events, their order and
 * when none is published, as redis-server 7.0.15 publishes them.
 */
class CollectionKeyspaceNotificationsTest extends KeyspaceEventsTest {

    @Test
    void hashEvents() throws Exception {
        assertThat(events("HSET", "h", "a", "1", "b", "2")).containsExactly("hset h");
        assertThat(events("HSET", "h", "a", "1")).containsExactly("hset h");
        assertThat(events("HMSET", "h", "a", "1")).containsExactly("hset h");
        assertThat(events("HSETNX", "h", "a", "1")).isEmpty();
        assertThat(events("HSETNX", "h", "c", "3")).containsExactly("hset h");
        assertThat(events("HSETNX", "new", "c", "3")).containsExactly("hset new");
        assertThat(events("HDEL", "h", "missing")).isEmpty();
        assertThat(events("HDEL", "h", "a", "missing")).containsExactly("hdel h");
        assertThat(events("HDEL", "h", "a", "b", "c")).containsExactly("hdel h", "del h");
        assertThat(events("HDEL", "h", "a")).isEmpty();
        assertThat(events("HINCRBY", "h", "x", "1")).containsExactly("hincrby h");
        assertThat(events("HINCRBY", "h", "x", "5")).containsExactly("hincrby h");
        assertThat(events("HINCRBYFLOAT", "h", "y", "1.5")).containsExactly("hincrbyfloat h");
        assertThat(events("HINCRBY", "h", "y", "1")).isEmpty();
        assertThat(events("HGETALL", "h")).isEmpty();
        events("SET", "s", "v");
        assertThat(events("HSET", "s", "a", "1")).isEmpty();
    }

    @Test
    void setEvents() throws Exception {
        assertThat(events("SADD", "s", "a", "b", "c")).containsExactly("sadd s");
        assertThat(events("SADD", "s", "a")).isEmpty();
        assertThat(events("SREM", "s", "missing")).isEmpty();
        assertThat(events("SREM", "s", "a", "missing")).containsExactly("srem s");
        assertThat(events("SREM", "s", "b", "c")).containsExactly("srem s", "del s");
        assertThat(events("SREM", "s", "b")).isEmpty();
        events("SADD", "s", "1", "2", "3", "4", "5");
        assertThat(events("SPOP", "s")).containsExactly("spop s");
        assertThat(events("SPOP", "s", "0")).isEmpty();
        assertThat(events("SPOP", "s", "2")).containsExactly("spop s");
        assertThat(events("SPOP", "s", "5")).containsExactly("spop s", "del s");
        assertThat(events("SPOP", "s")).isEmpty();
        assertThat(events("SPOP", "missing", "3")).isEmpty();
        events("SADD", "one", "x");
        assertThat(events("SPOP", "one")).containsExactly("spop one", "del one");
        assertThat(events("SMEMBERS", "s")).isEmpty();
    }

    @Test
    void smoveEvents() throws Exception {
        events("SADD", "p", "m", "n", "o");
        events("SADD", "q", "m");
        assertThat(events("SMOVE", "p", "q", "m")).containsExactly("srem p");
        assertThat(events("SMOVE", "p", "q", "n")).containsExactly("srem p", "sadd q");
        assertThat(events("SMOVE", "p", "fresh", "o")).containsExactly("srem p", "del p", "sadd fresh");
        assertThat(events("SMOVE", "q", "q", "m")).isEmpty();
        assertThat(events("SMOVE", "q", "fresh", "absent")).isEmpty();
        assertThat(events("SMOVE", "missing", "q", "m")).isEmpty();
    }

    @Test
    void storeEvents() throws Exception {
        events("SADD", "a", "1", "2", "3");
        events("SADD", "b", "2", "3", "4");
        assertThat(events("SINTERSTORE", "d", "a", "b")).containsExactly("sinterstore d");
        assertThat(events("SINTERSTORE", "d", "a", "b")).containsExactly("sinterstore d");
        assertThat(events("SINTERSTORE", "d", "a", "missing")).containsExactly("del d");
        assertThat(events("SINTERSTORE", "d", "a", "missing")).isEmpty();
        assertThat(events("SUNIONSTORE", "d", "a", "b")).containsExactly("sunionstore d");
        assertThat(events("SUNIONSTORE", "d", "missing")).containsExactly("del d");
        assertThat(events("SUNIONSTORE", "d", "missing")).isEmpty();
        assertThat(events("SDIFFSTORE", "d", "a", "b")).containsExactly("sdiffstore d");
        assertThat(events("SDIFFSTORE", "d", "a", "a")).containsExactly("del d");
        assertThat(events("SDIFFSTORE", "d", "a", "a")).isEmpty();
        assertThat(events("SINTERSTORE", "a", "a", "b")).containsExactly("sinterstore a");
        events("SET", "str", "v");
        assertThat(events("SUNIONSTORE", "str", "a")).containsExactly("sunionstore str");
    }

    @Test
    void streamEvents() throws Exception {
        assertThat(events("XADD", "x", "1-0", "f", "v")).containsExactly("xadd x");
        assertThat(events("XADD", "x", "2-0", "f", "v")).containsExactly("xadd x");
        assertThat(events("XADD", "x", "MAXLEN", "1", "3-0", "f", "v")).containsExactly("xadd x", "xtrim x");
        assertThat(events("XADD", "x", "MAXLEN", "5", "4-0", "f", "v")).containsExactly("xadd x");
        assertThat(events("XADD", "x", "MINID", "4", "5-0", "f", "v")).containsExactly("xadd x", "xtrim x");
        assertThat(events("XADD", "none", "NOMKSTREAM", "*", "f", "v")).isEmpty();
        assertThat(events("XADD", "x", "1-0", "f", "v")).isEmpty();
        assertThat(events("XADD", "emptied", "MAXLEN", "0", "1-0", "f", "v")).containsExactly("xadd emptied",
                "xtrim emptied");
        assertThat(events("XTRIM", "x", "MAXLEN", "10")).isEmpty();
        assertThat(events("XTRIM", "x", "MAXLEN", "1")).containsExactly("xtrim x");
        assertThat(events("XTRIM", "missing", "MAXLEN", "1")).isEmpty();
        assertThat(events("XDEL", "x", "1-0")).isEmpty();
        assertThat(events("XADD", "x", "6-0", "f", "v")).containsExactly("xadd x");
        assertThat(events("XDEL", "x", "5-0", "6-0", "7-0")).containsExactly("xdel x");
        assertThat(events("XSETID", "x", "10-0")).containsExactly("xsetid x");
        assertThat(events("XSETID", "x", "10-0")).containsExactly("xsetid x");
        assertThat(events("XSETID", "missing", "1-0")).isEmpty();
        assertThat(events("XRANGE", "x", "-", "+")).isEmpty();
    }

    @Test
    void consumerGroupEvents() throws Exception {
        events("XADD", "x", "1-0", "f", "v");
        assertThat(events("XGROUP", "CREATE", "x", "g", "$")).containsExactly("xgroup-create x");
        assertThat(events("XGROUP", "CREATE", "x", "g", "$")).isEmpty();
        assertThat(events("XGROUP", "CREATE", "made", "g", "$", "MKSTREAM")).containsExactly("xgroup-create made");
        assertThat(events("XGROUP", "CREATE", "missing", "g", "$")).isEmpty();
        assertThat(events("XGROUP", "SETID", "x", "g", "0")).containsExactly("xgroup-setid x");
        assertThat(events("XGROUP", "SETID", "x", "g", "0", "ENTRIESREAD", "0")).containsExactly("xgroup-setid x");
        assertThat(events("XGROUP", "CREATECONSUMER", "x", "g", "c1")).containsExactly("xgroup-createconsumer x");
        assertThat(events("XGROUP", "CREATECONSUMER", "x", "g", "c1")).isEmpty();
        assertThat(events("XGROUP", "CREATECONSUMER", "x", "nosuchgroup", "c1")).isEmpty();
        assertThat(events("XGROUP", "DELCONSUMER", "x", "g", "c1")).containsExactly("xgroup-delconsumer x");
        assertThat(events("XGROUP", "DELCONSUMER", "x", "g", "c1")).isEmpty();
        assertThat(events("XACK", "x", "g", "1-0")).isEmpty();
        assertThat(events("XGROUP", "DESTROY", "x", "g")).containsExactly("xgroup-destroy x");
        assertThat(events("XGROUP", "DESTROY", "x", "g")).isEmpty();
    }

    /** Like Redis, these commands create a consumer only when they serve or claim something. */
    @Test
    void consumersCreatedByReadingAndClaimingPublishCreateconsumer() throws Exception {
        events("XADD", "x", "1-0", "f", "v");
        events("XADD", "x", "2-0", "f", "v");
        events("XGROUP", "CREATE", "x", "g", "$");
        assertThat(events("XREADGROUP", "GROUP", "g", "idle", "STREAMS", "x", ">")).isEmpty();
        assertThat(events("XREADGROUP", "GROUP", "g", "idle", "BLOCK", "10", "STREAMS", "x", ">")).isEmpty();
        assertThat(events("XREADGROUP", "GROUP", "g", "history", "STREAMS", "x", "0"))
                .containsExactly("xgroup-createconsumer x");
        assertThat(events("XAUTOCLAIM", "x", "g", "nothing", "0", "0")).isEmpty();
        events("XGROUP", "SETID", "x", "g", "0");
        assertThat(events("XREADGROUP", "GROUP", "g", "reader", "COUNT", "1", "STREAMS", "x", ">"))
                .containsExactly("xgroup-createconsumer x");
        assertThat(events("XREADGROUP", "GROUP", "g", "reader", "STREAMS", "x", ">")).isEmpty();
        assertThat(events("XREADGROUP", "GROUP", "g", "noack", "NOACK", "STREAMS", "x", "0"))
                .containsExactly("xgroup-createconsumer x");
        assertThat(events("XCLAIM", "x", "g", "tooidle", "999999999999", "1-0")).isEmpty();
        assertThat(events("XCLAIM", "x", "g", "unknown", "0", "99-0")).isEmpty();
        assertThat(events("XCLAIM", "x", "g", "claimer", "0", "1-0")).containsExactly("xgroup-createconsumer x");
        assertThat(events("XCLAIM", "x", "g", "forcer", "0", "2-0", "FORCE", "JUSTID"))
                .containsExactly("xgroup-createconsumer x");
        assertThat(events("XCLAIM", "x", "g", "forcer", "0", "1-0", "2-0")).isEmpty();
        assertThat(events("XAUTOCLAIM", "x", "g", "auto", "0", "0", "JUSTID"))
                .containsExactly("xgroup-createconsumer x");
    }

    @Test
    void blockedReaderServedByXaddCreatesItsConsumerAfterTheXadd() throws Exception {
        events("XGROUP", "CREATE", "bx", "g", "$", "MKSTREAM");
        RawClient blocked = raw();
        blocked.command("XREADGROUP", "GROUP", "g", "waiter", "BLOCK", "0", "STREAMS", "bx", ">");
        awaitBlockedClients(1);
        assertThat(events("XADD", "bx", "1-0", "f", "v")).containsExactly("xadd bx", "xgroup-createconsumer bx");
        assertThat(blocked.readReply())
                .isEqualTo("*1\r\n*2\r\n$2\r\nbx\r\n*1\r\n*2\r\n$3\r\n1-0\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n");
    }

    @Test
    void eventsBelongToTheirFamilyClasses() throws Exception {
        redis.configSet("notify-keyspace-events", "Eh");
        assertThat(events("HSET", "h", "f", "v")).containsExactly("hset h");
        assertThat(events("SADD", "s", "m")).isEmpty();
        assertThat(events("XADD", "x", "1-0", "f", "v")).isEmpty();
        assertThat(events("HDEL", "h", "f")).containsExactly("hdel h");
        assertThat(events("SREM", "s", "m")).isEmpty();
        redis.configSet("notify-keyspace-events", "Est");
        assertThat(events("HSET", "h", "f", "v")).isEmpty();
        assertThat(events("SADD", "s", "m")).containsExactly("sadd s");
        assertThat(events("XADD", "x", "2-0", "f", "v")).containsExactly("xadd x");
        assertThat(events("SREM", "s", "m")).containsExactly("srem s");
        redis.configSet("notify-keyspace-events", "Eg");
        assertThat(events("HDEL", "h", "f")).containsExactly("del h");
    }
}
