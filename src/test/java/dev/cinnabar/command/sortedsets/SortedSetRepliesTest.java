package dev.cinnabar.command.sortedsets;

import dev.cinnabar.support.RawClient;
import dev.cinnabar.support.ServerTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every sorted set command's replies and errors, byte for byte as redis-server 7.0.15 answers
 * the same requests (the expected replies were recorded from it).
 */
class SortedSetRepliesTest extends ServerTest {

    private RawClient client;

    private void expect(String reply, String... command) throws Exception {
        if (client == null) {
            client = raw();
        }
        assertThat(client.command(command).readReply()).as(String.join(" ", command)).isEqualTo(reply);
    }

    /** ZADD replies added members, or added and changed ones with CH; NX, XX, GT, LT filter */
    @Test
    void zaddAddsUpdatesAndCountsWithItsOptions() throws Exception {
        expect(":3\r\n", "zadd", "k", "1", "a", "2", "b", "3", "c");
        expect(":1\r\n", "zadd", "k", "5", "a", "2", "b", "1", "d");
        expect(":2\r\n", "zadd", "k", "ch", "6", "a", "2", "b", "2", "e");
        expect(":1\r\n", "zadd", "k", "nx", "100", "a", "7", "f");
        expect(":0\r\n", "zadd", "k", "xx", "100", "a", "7", "g");
        expect(":1\r\n", "zadd", "k", "gt", "ch", "50", "a", "1", "b", "9", "h");
        expect(":2\r\n", "zadd", "k", "lt", "ch", "60", "a", "0", "b");
        expect(":0\r\n", "zadd", "nokey", "xx", "1", "a");
        expect(":0\r\n", "exists", "nokey");
        expect("*14\r\n$1\r\nb\r\n$1\r\n0\r\n$1\r\nd\r\n$1\r\n1\r\n$1\r\ne\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nf\r\n$1\r\n7\r\n$1\r\nh\r\n$1\r\n9\r\n$1\r\na\r\n$2\r\n60\r\n", "zrange", "k", "0", "-1", "withscores");
    }

    /** every error of ZADD, worded as Redis */
    @Test
    void zaddRejectsBadOptionsAndScoresBeforeChangingAnything() throws Exception {
        expect("-ERR XX and NX options at the same time are not compatible\r\n", "zadd", "k", "xx", "nx", "1", "a");
        expect("-ERR GT, LT, and/or NX options at the same time are not compatible\r\n", "zadd", "k", "gt", "lt", "1", "a");
        expect("-ERR GT, LT, and/or NX options at the same time are not compatible\r\n", "zadd", "k", "nx", "gt", "1", "a");
        expect("-ERR GT, LT, and/or NX options at the same time are not compatible\r\n", "zadd", "k", "nx", "lt", "1", "a");
        expect("-ERR INCR option supports a single increment-element pair\r\n", "zadd", "k", "incr", "1", "a", "2", "b");
        expect("-ERR wrong number of arguments for 'zadd' command\r\n", "zadd", "k", "1");
        expect("-ERR syntax error\r\n", "zadd", "k", "1", "a", "2");
        expect("-ERR value is not a valid float\r\n", "zadd", "k", "1", "a", "x", "b");
        expect("-ERR value is not a valid float\r\n", "zadd", "k", "nan", "a");
        expect("-ERR value is not a valid float\r\n", "zadd", "k", "1e400", "a");
        expect("-ERR value is not a valid float\r\n", "zadd", "k", " 1", "a");
        expect(":0\r\n", "exists", "k");
        expect("+OK\r\n", "set", "s", "v");
        expect("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", "zadd", "s", "1", "a");
    }

    /** INCR replies the score, null when an option stops it; NaN results are refused */
    @Test
    void zaddIncrAndZincrbyReplyTheNewScore() throws Exception {
        expect("$3\r\n1.5\r\n", "zadd", "k", "incr", "1.5", "a");
        expect("$3\r\n3.5\r\n", "zincrby", "k", "2", "a");
        expect("$-1\r\n", "zadd", "k", "xx", "incr", "1", "nope");
        expect("$-1\r\n", "zadd", "k", "nx", "incr", "1", "a");
        expect("$-1\r\n", "zadd", "k", "gt", "incr", "-1", "a");
        expect("-ERR value is not a valid float\r\n", "zincrby", "k", "abc", "a");
        expect("$3\r\ninf\r\n", "zincrby", "k", "inf", "a");
        expect("-ERR resulting score is not a number (NaN)\r\n", "zincrby", "k", "-inf", "a");
        expect("$3\r\ninf\r\n", "zscore", "k", "a");
        expect("-ERR syntax error\r\n", "zincrby", "k", "nx", "a");
    }

    /** %.17g for scores, hexadecimal and denormal input accepted, -0 kept as 0 in a small set */
    @Test
    void scoresPrintAsRedisPrintsDoubles() throws Exception {
        expect(":13\r\n", "zadd", "k", "0.1", "a", "0.3", "b", "3.0000000000000004", "c", "1e300", "d", "1e-5", "e", "123456789012345678", "f", "1e20", "g", "0x10", "h", "4e-320", "i", "-0", "j", "inf", "k", "-inf", "l", "2.5", "m");
        expect("*26\r\n$1\r\nl\r\n$4\r\n-inf\r\n$1\r\nj\r\n$1\r\n0\r\n$1\r\ni\r\n$22\r\n3.999955468730732e-320\r\n$1\r\ne\r\n$22\r\n1.0000000000000001e-05\r\n$1\r\na\r\n$19\r\n0.10000000000000001\r\n$1\r\nb\r\n$19\r\n0.29999999999999999\r\n$1\r\nm\r\n$3\r\n2.5\r\n$1\r\nc\r\n$18\r\n3.0000000000000004\r\n$1\r\nh\r\n$2\r\n16\r\n$1\r\nf\r\n$22\r\n1.2345678901234568e+17\r\n$1\r\ng\r\n$5\r\n1e+20\r\n$1\r\nd\r\n$23\r\n1.0000000000000001e+300\r\n$1\r\nk\r\n$3\r\ninf\r\n", "zrange", "k", "0", "-1", "withscores");
        expect("$1\r\n0\r\n", "zscore", "k", "j");
        expect("*3\r\n$19\r\n0.10000000000000001\r\n$-1\r\n$18\r\n3.0000000000000004\r\n", "zmscore", "k", "a", "nope", "c");
        expect("*1\r\n$-1\r\n", "zmscore", "nokey", "a");
    }

    /** ZSCORE, ZMSCORE, ZCARD, ZRANK and ZREVRANK on missing keys and members */
    @Test
    void pointReadsOfMissingKeysAndMembers() throws Exception {
        expect(":4\r\n", "zadd", "k", "1", "a", "2", "b", "2", "c", "3", "d");
        expect("$-1\r\n", "zscore", "k", "nope");
        expect("$-1\r\n", "zscore", "nokey", "a");
        expect(":4\r\n", "zcard", "k");
        expect(":0\r\n", "zcard", "nokey");
        expect(":2\r\n", "zrank", "k", "c");
        expect(":1\r\n", "zrevrank", "k", "c");
        expect("$-1\r\n", "zrank", "k", "nope");
        expect("$-1\r\n", "zrank", "nokey", "a");
        expect("*2\r\n:2\r\n$1\r\n2\r\n", "zrank", "k", "c", "withscore");
        expect("*2\r\n:0\r\n$1\r\n3\r\n", "zrevrank", "k", "d", "WITHSCORE");
        expect("*-1\r\n", "zrank", "k", "nope", "withscore");
        expect("*-1\r\n", "zrevrank", "nokey", "a", "withscore");
        expect("-ERR syntax error\r\n", "zrank", "k", "a", "withscores");
        expect("-ERR wrong number of arguments for 'zrank' command\r\n", "zrank", "k", "a", "withscore", "x");
        expect("-ERR wrong number of arguments for 'zrevrank' command\r\n", "zrevrank", "k");
        expect("+OK\r\n", "set", "s", "v");
        expect("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", "zscore", "s", "a");
        expect("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", "zcard", "s");
        expect("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", "zrank", "s", "a");
    }

    /** ZCOUNT and ZLEXCOUNT with inclusive, exclusive and infinite bounds */
    @Test
    void countsByScoreAndLex() throws Exception {
        expect(":4\r\n", "zadd", "k", "1", "a", "2", "b", "3", "c", "4", "d");
        expect(":4\r\n", "zcount", "k", "-inf", "+inf");
        expect(":2\r\n", "zcount", "k", "(1", "3");
        expect(":4\r\n", "zcount", "k", "(", "5");
        expect(":0\r\n", "zcount", "k", "", "");
        expect(":0\r\n", "zcount", "k", "3", "1");
        expect(":0\r\n", "zcount", "k", "(2", "(2");
        expect("-ERR min or max is not a float\r\n", "zcount", "k", "abc", "1");
        expect("-ERR min or max is not a float\r\n", "zcount", "k", "1", "(abc");
        expect("-ERR min or max is not a float\r\n", "zcount", "k", "[1", "2");
        expect(":0\r\n", "zcount", "nokey", "1", "2");
        expect(":4\r\n", "zadd", "lex", "0", "a", "0", "b", "0", "c", "0", "d");
        expect(":4\r\n", "zlexcount", "lex", "-", "+");
        expect(":2\r\n", "zlexcount", "lex", "[b", "(d");
        expect(":0\r\n", "zlexcount", "lex", "+", "-");
        expect("-ERR min or max not valid string range item\r\n", "zlexcount", "lex", "a", "+");
        expect("-ERR min or max not valid string range item\r\n", "zlexcount", "lex", "-a", "+");
        expect("-ERR min or max not valid string range item\r\n", "zlexcount", "lex", "", "+");
        expect(":0\r\n", "zlexcount", "nokey", "-", "+");
    }

    /** ZRANGE and ZREVRANGE by index, negative indexes clamped, WITHSCORES flat */
    @Test
    void zrangeByRank() throws Exception {
        expect(":4\r\n", "zadd", "k", "1", "a", "2", "b", "3", "c", "4", "d");
        expect("*2\r\n$1\r\na\r\n$1\r\nb\r\n", "zrange", "k", "0", "1");
        expect("*4\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nd\r\n$1\r\n4\r\n", "zrange", "k", "-2", "-1", "withscores");
        expect("*0\r\n", "zrange", "k", "1", "0");
        expect("*4\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n", "zrange", "k", "0", "100");
        expect("*2\r\n$1\r\na\r\n$1\r\nb\r\n", "zrange", "k", "-100", "1");
        expect("*4\r\n$1\r\nd\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n", "zrange", "k", "0", "-1", "rev");
        expect("*4\r\n$1\r\nd\r\n$1\r\n4\r\n$1\r\nc\r\n$1\r\n3\r\n", "zrevrange", "k", "0", "1", "withscores");
        expect("*0\r\n", "zrange", "nokey", "0", "1");
        expect("-ERR value is not an integer or out of range\r\n", "zrange", "k", "a", "1");
        expect("-ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX\r\n", "zrange", "k", "0", "1", "limit", "0", "1");
        expect("*2\r\n$1\r\na\r\n$1\r\nb\r\n", "zrange", "k", "0", "1", "limit", "0", "-1");
        expect("-ERR syntax error\r\n", "zrevrange", "k", "0", "1", "rev");
        expect("-ERR syntax error\r\n", "zrange", "k", "0", "1", "foo");
    }

    /** BYSCORE forms, LIMIT offsets and counts, reversed bounds */
    @Test
    void zrangeByScoreWithLimitAndReverse() throws Exception {
        expect(":5\r\n", "zadd", "k", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e");
        expect("*3\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n", "zrange", "k", "2", "4", "byscore");
        expect("*6\r\n$1\r\nd\r\n$1\r\n4\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nb\r\n$1\r\n2\r\n", "zrange", "k", "4", "2", "byscore", "rev", "withscores");
        expect("*4\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nd\r\n$1\r\n4\r\n", "zrange", "k", "(1", "+inf", "byscore", "limit", "1", "2", "withscores");
        expect("*0\r\n", "zrange", "k", "-inf", "+inf", "byscore", "limit", "-1", "2");
        expect("*4\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n", "zrange", "k", "-inf", "+inf", "byscore", "limit", "1", "-1");
        expect("*0\r\n", "zrange", "k", "-inf", "+inf", "byscore", "limit", "5", "1");
        expect("*0\r\n", "zrange", "k", "-inf", "+inf", "byscore", "limit", "0", "0");
        expect("*4\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nd\r\n$1\r\n4\r\n", "zrangebyscore", "k", "2", "4", "withscores", "limit", "1", "5");
        expect("-ERR syntax error\r\n", "zrangebyscore", "k", "2", "4", "rev");
        expect("*1\r\n$1\r\nc\r\n", "zrevrangebyscore", "k", "4", "2", "limit", "1", "1");
        expect("*0\r\n", "zrevrangebyscore", "k", "2", "4");
        expect("-ERR syntax error\r\n", "zrange", "k", "0", "1", "byscore", "bylex");
        expect("-ERR syntax error\r\n", "zrange", "k", "1", "2", "byscore", "x");
    }

    /** BYLEX forms, errors for bad items and WITHSCORES */
    @Test
    void zrangeByLex() throws Exception {
        expect(":6\r\n", "zadd", "k", "0", "a", "0", "b", "0", "c", "0", "d", "0", "e", "0", "");
        expect("*6\r\n$0\r\n\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n", "zrangebylex", "k", "-", "+");
        expect("*3\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n", "zrangebylex", "k", "[b", "(e");
        expect("*2\r\n$1\r\nd\r\n$1\r\ne\r\n", "zrangebylex", "k", "(b", "[e", "limit", "1", "2");
        expect("*6\r\n$1\r\ne\r\n$1\r\nd\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n$0\r\n\r\n", "zrevrangebylex", "k", "+", "-");
        expect("*2\r\n$1\r\ne\r\n$1\r\nd\r\n", "zrevrangebylex", "k", "[e", "(b", "limit", "0", "2");
        expect("*3\r\n$1\r\ne\r\n$1\r\nd\r\n$1\r\nc\r\n", "zrange", "k", "[e", "(b", "bylex", "rev");
        expect("-ERR syntax error, WITHSCORES not supported in combination with BYLEX\r\n", "zrange", "k", "-", "+", "bylex", "withscores");
        expect("-ERR min or max not valid string range item\r\n", "zrangebylex", "k", "a", "+");
        expect("-ERR min or max not valid string range item\r\n", "zrangebylex", "k", "-", "++");
        expect("*6\r\n$0\r\n\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n", "zrangebylex", "k", "[", "+");
    }

    /** ZRANGESTORE keeps the range, replaces the destination, deletes it for an empty range */
    @Test
    void zrangestoreStoresOrDeletes() throws Exception {
        expect(":3\r\n", "zadd", "k", "1", "a", "2", "b", "3", "c");
        expect("+OK\r\n", "set", "dst", "old");
        expect(":2\r\n", "zrangestore", "dst", "k", "0", "1");
        expect("+zset\r\n", "type", "dst");
        expect("*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n", "zrange", "dst", "0", "-1", "withscores");
        expect(":1\r\n", "zrangestore", "dst", "k", "3", "1", "byscore", "rev", "limit", "0", "1");
        expect("*2\r\n$1\r\nc\r\n$1\r\n3\r\n", "zrange", "dst", "0", "-1", "withscores");
        expect(":0\r\n", "zrangestore", "dst", "k", "(3", "+inf", "byscore");
        expect(":0\r\n", "exists", "dst");
        expect(":0\r\n", "zrangestore", "dst", "nokey", "0", "-1");
        expect("-ERR syntax error\r\n", "zrangestore", "dst", "k", "0", "1", "withscores");
        expect("+OK\r\n", "set", "s", "v");
        expect("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", "zrangestore", "dst", "s", "0", "1");
    }

    /** ZREM and the ZREMRANGEBY commands; an emptied set is deleted */
    @Test
    void removals() throws Exception {
        expect(":7\r\n", "zadd", "k", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e", "6", "f", "0", "g");
        expect(":1\r\n", "zrem", "k", "a", "nope");
        expect(":0\r\n", "zrem", "nokey", "a");
        expect(":1\r\n", "zremrangebyrank", "k", "0", "0");
        expect(":0\r\n", "zremrangebyrank", "k", "10", "20");
        expect(":2\r\n", "zremrangebyrank", "k", "-2", "-1");
        expect("-ERR value is not an integer or out of range\r\n", "zremrangebyrank", "k", "x", "1");
        expect(":1\r\n", "zremrangebyscore", "k", "(2", "3");
        expect("-ERR min or max is not a float\r\n", "zremrangebyscore", "k", "x", "1");
        expect("*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nd\r\n$1\r\n4\r\n", "zrange", "k", "0", "-1", "withscores");
        expect(":2\r\n", "zremrangebylex", "k", "-", "+");
        expect(":0\r\n", "exists", "k");
        expect(":3\r\n", "zadd", "lex", "0", "a", "0", "b", "0", "c");
        expect(":2\r\n", "zremrangebylex", "lex", "[b", "+");
        expect("-ERR min or max not valid string range item\r\n", "zremrangebylex", "lex", "x", "+");
        expect("*1\r\n$1\r\na\r\n", "zrange", "lex", "0", "-1");
        expect(":1\r\n", "zrem", "lex", "a");
        expect(":0\r\n", "exists", "lex");
    }

    /** ZPOPMIN and ZPOPMAX with and without COUNT, errors, deletion when emptied */
    @Test
    void pops() throws Exception {
        expect(":4\r\n", "zadd", "p", "1", "a", "2", "b", "3", "c", "4", "d");
        expect("*2\r\n$1\r\na\r\n$1\r\n1\r\n", "zpopmin", "p");
        expect("*4\r\n$1\r\nd\r\n$1\r\n4\r\n$1\r\nc\r\n$1\r\n3\r\n", "zpopmax", "p", "2");
        expect("*0\r\n", "zpopmin", "p", "0");
        expect("-ERR value is out of range, must be positive\r\n", "zpopmin", "p", "-1");
        expect("-ERR value is out of range, must be positive\r\n", "zpopmin", "p", "x");
        expect("-ERR syntax error\r\n", "zpopmin", "p", "1", "2");
        expect("*2\r\n$1\r\nb\r\n$1\r\n2\r\n", "zpopmax", "p", "10");
        expect(":0\r\n", "exists", "p");
        expect("*0\r\n", "zpopmin", "nokey");
        expect("*0\r\n", "zpopmax", "nokey", "2");
    }

    /** ZMPOP replies the key and member-score pairs; its errors in Redis's order */
    @Test
    void zmpopPopsFromTheFirstNonEmptyKey() throws Exception {
        expect(":4\r\n", "zadd", "p", "1", "a", "2", "b", "3", "c", "4", "d");
        expect("*2\r\n$1\r\np\r\n*1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n", "zmpop", "1", "p", "min");
        expect("*2\r\n$1\r\np\r\n*2\r\n*2\r\n$1\r\nd\r\n$1\r\n4\r\n*2\r\n$1\r\nc\r\n$1\r\n3\r\n", "zmpop", "2", "nokey", "p", "max", "count", "2");
        expect("*2\r\n$1\r\np\r\n*1\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n", "zmpop", "1", "p", "min", "count", "5");
        expect(":0\r\n", "exists", "p");
        expect("*-1\r\n", "zmpop", "1", "nokey", "min");
        expect("-ERR numkeys should be greater than 0\r\n", "zmpop", "0", "p", "min");
        expect("-ERR numkeys should be greater than 0\r\n", "zmpop", "x", "p", "min");
        expect("-ERR wrong number of arguments for 'zmpop' command\r\n", "zmpop", "1", "p");
        expect("-ERR syntax error\r\n", "zmpop", "1", "p", "middle");
        expect("-ERR count should be greater than 0\r\n", "zmpop", "1", "p", "min", "count", "0");
        expect("-ERR syntax error\r\n", "zmpop", "1", "p", "min", "count", "1", "count", "1");
        expect("-ERR count should be greater than 0\r\n", "zmpop", "1", "p", "min", "count", "x");
        expect("-ERR syntax error\r\n", "zmpop", "5", "p", "min");
        expect("+OK\r\n", "set", "s", "v");
        expect("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", "zmpop", "2", "nokey", "s", "min");
    }

    /** BZPOPMIN, BZPOPMAX and BZMPOP with data answer at once; their argument errors */
    @Test
    void blockingPopsServeAtOnceWhenDataIsThere() throws Exception {
        expect(":3\r\n", "zadd", "p", "1", "a", "2", "b", "3", "c");
        expect("*3\r\n$1\r\np\r\n$1\r\na\r\n$1\r\n1\r\n", "bzpopmin", "nokey", "p", "0");
        expect("*3\r\n$1\r\np\r\n$1\r\nc\r\n$1\r\n3\r\n", "bzpopmax", "p", "0");
        expect("*2\r\n$1\r\np\r\n*1\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n", "bzmpop", "0", "1", "p", "min", "count", "5");
        expect(":0\r\n", "exists", "p");
        expect("-ERR timeout is not a float or out of range\r\n", "bzpopmin", "p", "x");
        expect("-ERR timeout is negative\r\n", "bzpopmin", "p", "-1");
        expect("-ERR timeout is not a float or out of range\r\n", "bzmpop", "x", "1", "p", "min");
        expect("-ERR numkeys should be greater than 0\r\n", "bzmpop", "0", "0", "p", "min");
        expect("-ERR syntax error\r\n", "bzmpop", "0", "1", "p", "sideways");
        expect("+OK\r\n", "set", "s", "v");
        expect("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", "bzpopmin", "s", "0");
    }

    /** ZUNION, ZINTER, ZDIFF, WEIGHTS, AGGREGATE, missing keys; their errors */
    @Test
    void unionInterDiffWithWeightsAndAggregates() throws Exception {
        expect(":3\r\n", "zadd", "a", "1", "x", "2", "y", "3", "z");
        expect(":3\r\n", "zadd", "b", "10", "y", "20", "z", "30", "w");
        expect(":1\r\n", "zadd", "c", "100", "z");
        expect("*8\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\ny\r\n$2\r\n12\r\n$1\r\nz\r\n$2\r\n23\r\n$1\r\nw\r\n$2\r\n30\r\n", "zunion", "2", "a", "b", "withscores");
        expect("*8\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\ny\r\n$2\r\n12\r\n$1\r\nz\r\n$2\r\n23\r\n$1\r\nw\r\n$2\r\n30\r\n", "zunion", "3", "a", "b", "nokey", "withscores");
        expect("*8\r\n$1\r\nx\r\n$1\r\n2\r\n$1\r\ny\r\n$2\r\n34\r\n$1\r\nz\r\n$2\r\n66\r\n$1\r\nw\r\n$2\r\n90\r\n", "zunion", "2", "a", "b", "weights", "2", "3", "withscores");
        expect("*8\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\ny\r\n$1\r\n2\r\n$1\r\nz\r\n$1\r\n3\r\n$1\r\nw\r\n$2\r\n30\r\n", "zunion", "2", "a", "b", "aggregate", "min", "withscores");
        expect("*8\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\ny\r\n$2\r\n10\r\n$1\r\nz\r\n$2\r\n20\r\n$1\r\nw\r\n$2\r\n30\r\n", "zunion", "2", "a", "b", "aggregate", "max", "withscores");
        expect("*2\r\n$1\r\nz\r\n$3\r\n123\r\n", "zinter", "3", "a", "b", "c", "withscores");
        expect("*6\r\n$1\r\nx\r\n$1\r\n2\r\n$1\r\ny\r\n$1\r\n4\r\n$1\r\nz\r\n$1\r\n6\r\n", "zinter", "2", "a", "a", "withscores");
        expect("*0\r\n", "zinter", "2", "a", "nokey");
        expect("*4\r\n$1\r\ny\r\n$1\r\n2\r\n$1\r\nz\r\n$1\r\n3\r\n", "zinter", "2", "a", "b", "weights", "1", "-1", "aggregate", "max", "withscores");
        expect("*8\r\n$1\r\nw\r\n$4\r\n-inf\r\n$1\r\ny\r\n$1\r\n0\r\n$1\r\nz\r\n$1\r\n0\r\n$1\r\nx\r\n$3\r\ninf\r\n", "zunion", "2", "a", "b", "weights", "inf", "-inf", "withscores");
        expect("*2\r\n$1\r\nw\r\n$2\r\n30\r\n", "zdiff", "2", "b", "a", "withscores");
        expect("*3\r\n$1\r\ny\r\n$1\r\nz\r\n$1\r\nw\r\n", "zdiff", "1", "b");
        expect("-ERR syntax error\r\n", "zunion", "2", "a", "b", "weights", "2");
        expect("-ERR weight value is not a float\r\n", "zunion", "2", "a", "b", "weights", "2", "x");
        expect("-ERR syntax error\r\n", "zunion", "2", "a", "b", "aggregate", "avg");
        expect("-ERR at least 1 input key is needed for 'zunion' command\r\n", "zunion", "0", "a");
        expect("-ERR at least 1 input key is needed for 'zunion' command\r\n", "zunion", "-1", "a");
        expect("-ERR value is not an integer or out of range\r\n", "zunion", "x", "a");
        expect("-ERR syntax error\r\n", "zunion", "3", "a", "b");
        expect("-ERR syntax error\r\n", "zdiff", "2", "b", "a", "weights", "1", "1");
        expect("+OK\r\n", "set", "s", "v");
        expect("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", "zunion", "2", "a", "s");
        expect("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", "zinter", "2", "s", "nokey");
    }

    /** ZUNIONSTORE, ZINTERSTORE, ZDIFFSTORE replace or delete the destination; ZINTERCARD with LIMIT */
    @Test
    void storesAndIntercard() throws Exception {
        expect(":3\r\n", "zadd", "a", "1", "x", "2", "y", "3", "z");
        expect(":3\r\n", "zadd", "b", "10", "y", "20", "z", "30", "w");
        expect(":4\r\n", "zunionstore", "d", "2", "a", "b");
        expect("*8\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\ny\r\n$2\r\n12\r\n$1\r\nz\r\n$2\r\n23\r\n$1\r\nw\r\n$2\r\n30\r\n", "zrange", "d", "0", "-1", "withscores");
        expect(":2\r\n", "zinterstore", "d", "2", "a", "b", "weights", "1", "2");
        expect("*4\r\n$1\r\ny\r\n$2\r\n22\r\n$1\r\nz\r\n$2\r\n43\r\n", "zrange", "d", "0", "-1", "withscores");
        expect(":1\r\n", "zdiffstore", "d", "2", "b", "a");
        expect("*2\r\n$1\r\nw\r\n$2\r\n30\r\n", "zrange", "d", "0", "-1", "withscores");
        expect(":0\r\n", "zdiffstore", "d", "2", "a", "a");
        expect(":0\r\n", "exists", "d");
        expect("-ERR syntax error\r\n", "zunionstore", "d", "2", "a", "b", "withscores");
        expect("-ERR at least 1 input key is needed for 'zinterstore' command\r\n", "zinterstore", "d", "0", "a");
        expect(":2\r\n", "zintercard", "2", "a", "b");
        expect(":1\r\n", "zintercard", "2", "a", "b", "limit", "1");
        expect(":2\r\n", "zintercard", "2", "a", "b", "limit", "0");
        expect("-ERR LIMIT can't be negative\r\n", "zintercard", "2", "a", "b", "limit", "-1");
        expect("-ERR LIMIT can't be negative\r\n", "zintercard", "2", "a", "b", "limit", "x");
        expect("-ERR at least 1 input key is needed for 'zintercard' command\r\n", "zintercard", "0", "a");
        expect("-ERR syntax error\r\n", "zintercard", "2", "a", "b", "withscores");
        expect(":0\r\n", "zintercard", "1", "nokey");
    }

    /** ZRANDMEMBER on missing keys, zero and oversized counts, range errors */
    @Test
    void zrandmemberEdgeCases() throws Exception {
        expect(":3\r\n", "zadd", "k", "1", "a", "2", "b", "3", "c");
        expect("$-1\r\n", "zrandmember", "nokey");
        expect("*0\r\n", "zrandmember", "nokey", "5");
        expect("*0\r\n", "zrandmember", "k", "0");
        expect("*6\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\na\r\n$1\r\n1\r\n", "zrandmember", "k", "10", "withscores");
        expect("-ERR syntax error\r\n", "zrandmember", "k", "5", "x");
        expect("-ERR syntax error\r\n", "zrandmember", "k", "1", "withscores", "x");
        expect("-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n", "zrandmember", "k", "-9223372036854775808");
        expect("-ERR value is out of range\r\n", "zrandmember", "k", "9223372036854775807", "withscores");
        expect("-ERR value is not an integer or out of range\r\n", "zrandmember", "k", "x");
    }

    /** ZSCAN returns a small set whole, scores as the listpack holds them, MATCH filters members */
    @Test
    void zscanOfASmallSet() throws Exception {
        expect(":4\r\n", "zadd", "k", "1", "apple", "2.5", "banana", "100000000000000000", "cherry", "0.1", "date");
        expect("*2\r\n$1\r\n0\r\n*8\r\n$4\r\ndate\r\n$19\r\n0.10000000000000001\r\n$5\r\napple\r\n$1\r\n1\r\n$6\r\nbanana\r\n$3\r\n2.5\r\n$6\r\ncherry\r\n$18\r\n100000000000000000\r\n", "zscan", "k", "0");
        expect("*2\r\n$1\r\n0\r\n*2\r\n$6\r\nbanana\r\n$3\r\n2.5\r\n", "zscan", "k", "0", "match", "b*");
        expect("*2\r\n$1\r\n0\r\n*8\r\n$4\r\ndate\r\n$19\r\n0.10000000000000001\r\n$5\r\napple\r\n$1\r\n1\r\n$6\r\nbanana\r\n$3\r\n2.5\r\n$6\r\ncherry\r\n$18\r\n100000000000000000\r\n", "zscan", "k", "0", "count", "1");
        expect("-ERR syntax error\r\n", "zscan", "k", "0", "count", "0");
        expect("-ERR syntax error\r\n", "zscan", "k", "0", "type", "zset");
        expect("-ERR invalid cursor\r\n", "zscan", "k", "x");
        expect("*2\r\n$1\r\n0\r\n*0\r\n", "zscan", "nokey", "0");
    }

    /** ZUNION, ZINTER, ZDIFF and ZINTERCARD read plain sets as members scoring 1 */
    @Test
    void plainSetsAreInputsScoringOne() throws Exception {
        expect(":3\r\n", "zadd", "z", "5", "a", "6", "b", "7", "c");
        expect(":4\r\n", "sadd", "s", "a", "c", "10", "20");
        expect(":3\r\n", "sadd", "ints", "10", "20", "30");
        expect("*12\r\n$2\r\n30\r\n$1\r\n1\r\n$2\r\n10\r\n$1\r\n2\r\n$2\r\n20\r\n$1\r\n2\r\n$1\r\na\r\n$1\r\n6\r\n$1\r\nb\r\n$1\r\n6\r\n$1\r\nc\r\n$1\r\n8\r\n", "zunion", "3", "z", "s", "ints", "withscores");
        expect("*10\r\n$2\r\n10\r\n$1\r\n3\r\n$2\r\n20\r\n$1\r\n3\r\n$1\r\na\r\n$2\r\n10\r\n$1\r\nb\r\n$2\r\n12\r\n$1\r\nc\r\n$2\r\n14\r\n", "zunion", "2", "z", "s", "weights", "2", "3", "aggregate", "max", "withscores");
        expect("*4\r\n$1\r\na\r\n$1\r\n6\r\n$1\r\nc\r\n$1\r\n8\r\n", "zinter", "2", "z", "s", "withscores");
        expect("*4\r\n$2\r\n10\r\n$1\r\n2\r\n$2\r\n20\r\n$1\r\n2\r\n", "zinter", "2", "s", "ints", "withscores");
        expect("*2\r\n$1\r\nb\r\n$1\r\n6\r\n", "zdiff", "2", "z", "s", "withscores");
        expect("*4\r\n$2\r\n10\r\n$1\r\n1\r\n$2\r\n20\r\n$1\r\n1\r\n", "zdiff", "2", "s", "z", "withscores");
        expect(":2\r\n", "zintercard", "2", "z", "s");
        expect(":5\r\n", "zunionstore", "d", "2", "s", "ints");
        expect("*10\r\n$2\r\n30\r\n$1\r\n1\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nc\r\n$1\r\n1\r\n$2\r\n10\r\n$1\r\n2\r\n$2\r\n20\r\n$1\r\n2\r\n", "zrange", "d", "0", "-1", "withscores");
        expect(":4\r\n", "zinterstore", "d", "2", "s", "s", "weights", "2", "2");
        expect("*8\r\n$2\r\n10\r\n$1\r\n4\r\n$2\r\n20\r\n$1\r\n4\r\n$1\r\na\r\n$1\r\n4\r\n$1\r\nc\r\n$1\r\n4\r\n", "zrange", "d", "0", "-1", "withscores");
        expect("+OK\r\n", "set", "str", "v");
        expect("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", "zunion", "2", "z", "str");
    }

}
