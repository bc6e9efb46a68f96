package dev.cinnabar.command.sortedsets;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandDispatcher;
import dev.cinnabar.command.CommandFamily;
import dev.cinnabar.command.GlobPattern;
import dev.cinnabar.command.RedisCommand;
import dev.cinnabar.command.keys.ScanCursor;
import dev.cinnabar.protocol.ErrorReplyException;
import dev.cinnabar.protocol.ReplyWriter;
import dev.cinnabar.store.Database;
import dev.cinnabar.store.SortedSetValue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import static dev.cinnabar.command.CommandFlag.DENYOOM;
import static dev.cinnabar.command.CommandFlag.FAST;
import static dev.cinnabar.command.CommandFlag.READONLY;
import static dev.cinnabar.command.CommandFlag.WRITE;
import static dev.cinnabar.config.KeyspaceEventClasses.GENERIC;
import static dev.cinnabar.config.KeyspaceEventClasses.ZSET;

/**
 * The sorted set commands that add, read, range over and remove members, like Redis's
 * t_zset.c. Pops live in {@link SortedSetPopCommands}, set algebra in
 * {@link SortedSetAlgebraCommands}.
 */
@CommandFamily("sorted-set")
public class SortedSetCommands {

    private static final String NAN_RESULT = "ERR resulting score is not a number (NaN)";
    private static final String RANGE_COMPLEXITY = "O(log(N)+M) with N being the number of elements in the sorted "
            + "set and M the number of elements being returned. If M is constant (e.g. always asking for the first "
            + "10 elements with LIMIT), you can consider it O(log(N)).";
    private static final String REMOVE_RANGE_COMPLEXITY = "O(log(N)+M) with N being the number of elements in the "
            + "sorted set and M the number of elements removed by the operation.";
    private static final long RANDOM_COUNT_LIMIT = Long.MAX_VALUE / 2;
    private static final byte[] EMPTY_SCAN = "*2\r\n$1\r\n0\r\n*0\r\n".getBytes(StandardCharsets.US_ASCII);

    private enum By { AUTO, RANK, SCORE, LEX }

    private enum Direction { AUTO, FORWARD, REVERSE }

    private final SortedSets sortedSets;

    public SortedSetCommands(SortedSets sortedSets) {
        this.sortedSets = sortedSets;
    }

    // ---- adding ----

    @RedisCommand(name = "zadd", arity = -4, flags = {WRITE, DENYOOM, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            keySpecFlags = {"RW", "update"},
            summary = "Add one or more members to a sorted set, or update its score if it already exists",
            since = "1.2.0",
            complexity = "O(log(N)) for each item added, where N is the number of elements in the sorted set.")
    public void zadd(CommandContext ctx) {
        add(ctx, false);
    }

    @RedisCommand(name = "zincrby", arity = 4, flags = {WRITE, DENYOOM, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            keySpecFlags = {"RW", "access", "update"}, summary = "Increment the score of a member in a sorted set",
            since = "1.2.0", complexity = "O(log(N)) where N is the number of elements in the sorted set.")
    public void zincrby(CommandContext ctx) {
        add(ctx, true);
    }

    /** ZADD and ZINCRBY (which Redis runs as ZADD with INCR, options included). */
    private void add(CommandContext ctx, boolean incrementing) {
        int argc = ctx.argCount();
        boolean nx = false;
        boolean xx = false;
        boolean gt = false;
        boolean lt = false;
        boolean ch = false;
        boolean incr = incrementing;
        int scoreIndex = 2;
        for (; scoreIndex < argc; scoreIndex++) {
            if (ctx.argIs(scoreIndex, "nx")) {
                nx = true;
            } else if (ctx.argIs(scoreIndex, "xx")) {
                xx = true;
            } else if (ctx.argIs(scoreIndex, "ch")) {
                ch = true;
            } else if (ctx.argIs(scoreIndex, "incr")) {
                incr = true;
            } else if (ctx.argIs(scoreIndex, "gt")) {
                gt = true;
            } else if (ctx.argIs(scoreIndex, "lt")) {
                lt = true;
            } else {
                break;
            }
        }
        int pairs = argc - scoreIndex;
        if (pairs % 2 != 0 || pairs == 0) {
            throw CommandContext.syntaxError();
        }
        pairs /= 2;
        if (nx && xx) {
            throw new ErrorReplyException("ERR XX and NX options at the same time are not compatible");
        }
        if ((gt && nx) || (lt && nx) || (gt && lt)) {
            throw new ErrorReplyException("ERR GT, LT, and/or NX options at the same time are not compatible");
        }
        if (incr && pairs > 1) {
            throw new ErrorReplyException("ERR INCR option supports a single increment-element pair");
        }
        double[] scores = new double[pairs];
        for (int j = 0; j < pairs; j++) {
            scores[j] = Scores.parseOrError(ctx.arg(scoreIndex + 2 * j));
        }
        byte[] key = ctx.arg(1);
        Database db = ctx.db();
        SortedSetValue zset = SortedSets.toWrite(db, key);
        boolean created = false;
        if (zset == null) {
            if (xx) {
                if (incr) {
                    ctx.reply().nullBulk();
                } else {
                    ctx.reply().integer(0);
                }
                return;
            }
            zset = SortedSetValue.forFirstMember(sortedSets.limits(), ctx.arg(scoreIndex + 1).length);
            created = true;
        }
        int added = 0;
        int updated = 0;
        int processed = 0;
        double lastScore = 0;
        try {
            for (int j = 0; j < pairs; j++) {
                byte[] member = ctx.arg(scoreIndex + 2 * j + 1);
                double score = scores[j];
                double current = zset.score(member);
                if (!Double.isNaN(current)) {
                    if (nx) {
                        continue;
                    }
                    if (incr) {
                        score += current;
                        if (Double.isNaN(score)) {
                            throw new ErrorReplyException(NAN_RESULT);
                        }
                    }
                    if ((lt && score >= current) || (gt && score <= current)) {
                        continue;
                    }
                    if (score != current) {
                        zset.put(member, score);
                        updated++;
                    }
                } else if (!xx) {
                    zset.put(member, score);
                    added++;
                } else {
                    continue;
                }
                processed++;
                lastScore = score;
            }
        } finally {
            if (created) {
                db.put(key, zset);
            } else if (added + updated > 0) {
                db.signalModified(key);
            }
            ctx.changed(added + updated);
            if (added + updated > 0) {
                ctx.notifyKeyspaceEvent(ZSET, incr ? "zincr" : "zadd", key);
            }
        }
        if (incr) {
            if (processed > 0) {
                SortedSets.replyScore(ctx.reply(), lastScore);
            } else {
                ctx.reply().nullBulk();
            }
        } else {
            ctx.reply().integer(ch ? added + updated : added);
        }
    }

    // ---- point reads ----

    @RedisCommand(name = "zscore", arity = 3, flags = {READONLY, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            keySpecFlags = {"RO", "access"}, summary = "Get the score associated with the given member in a sorted set",
            since = "1.2.0", complexity = "O(1)")
    public void zscore(CommandContext ctx) {
        SortedSetValue zset = SortedSets.toRead(ctx.db(), ctx.arg(1));
        double score = zset == null ? Double.NaN : zset.score(ctx.arg(2));
        if (Double.isNaN(score)) {
            ctx.reply().nullBulk();
        } else {
            SortedSets.replyScore(ctx.reply(), score);
        }
    }

    @RedisCommand(name = "zmscore", arity = -3, flags = {READONLY, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            keySpecFlags = {"RO", "access"},
            summary = "Get the score associated with the given members in a sorted set", since = "6.2.0",
            complexity = "O(N) where N is the number of members being requested.")
    public void zmscore(CommandContext ctx) {
        SortedSetValue zset = SortedSets.toRead(ctx.db(), ctx.arg(1));
        ReplyWriter reply = ctx.reply();
        reply.arrayHeader(ctx.argCount() - 2);
        for (int i = 2; i < ctx.argCount(); i++) {
            double score = zset == null ? Double.NaN : zset.score(ctx.arg(i));
            if (Double.isNaN(score)) {
                reply.nullBulk();
            } else {
                SortedSets.replyScore(reply, score);
            }
        }
    }

    @RedisCommand(name = "zcard", arity = 2, flags = {READONLY, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            keySpecFlags = {"RO"}, summary = "Get the number of members in a sorted set", since = "1.2.0",
            complexity = "O(1)")
    public void zcard(CommandContext ctx) {
        SortedSetValue zset = SortedSets.toRead(ctx.db(), ctx.arg(1));
        ctx.reply().integer(zset == null ? 0 : zset.size());
    }

    @RedisCommand(name = "zrank", arity = -3, flags = {READONLY, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            keySpecFlags = {"RO", "access"}, summary = "Determine the index of a member in a sorted set",
            since = "2.0.0", complexity = "O(log(N))")
    public void zrank(CommandContext ctx) {
        rank(ctx, false);
    }

    @RedisCommand(name = "zrevrank", arity = -3, flags = {READONLY, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            keySpecFlags = {"RO", "access"},
            summary = "Determine the index of a member in a sorted set, with scores ordered from high to low",
            since = "2.0.0", complexity = "O(log(N))")
    public void zrevrank(CommandContext ctx) {
        rank(ctx, true);
    }

    /** ZRANK and ZREVRANK, with Redis 7.2's WITHSCORE: a two-element reply, or a null array when missing. */
    private static void rank(CommandContext ctx, boolean reverse) {
        if (ctx.argCount() > 4) {
            throw new ErrorReplyException(CommandDispatcher.wrongArity(ctx.command()));
        }
        boolean withScore = ctx.argCount() == 4;
        if (withScore && !ctx.argIs(3, "withscore")) {
            throw CommandContext.syntaxError();
        }
        SortedSetValue zset = SortedSets.toRead(ctx.db(), ctx.arg(1));
        int rank = zset == null ? -1 : zset.rank(ctx.arg(2));
        if (rank < 0) {
            if (withScore) {
                ctx.reply().nullArray();
            } else {
                ctx.reply().nullBulk();
            }
            return;
        }
        if (withScore) {
            ctx.reply().arrayHeader(2);
        }
        ctx.reply().integer(reverse ? zset.size() - 1 - rank : rank);
        if (withScore) {
            SortedSets.replyScore(ctx.reply(), zset.score(ctx.arg(2)));
        }
    }

    @RedisCommand(name = "zcount", arity = 4, flags = {READONLY, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            keySpecFlags = {"RO", "access"},
            summary = "Count the members in a sorted set with scores within the given values", since = "2.0.0",
            complexity = "O(log(N)) with N being the number of elements in the sorted set.")
    public void zcount(CommandContext ctx) {
        ScoreRange range = ScoreRange.parse(ctx.arg(2), ctx.arg(3));
        SortedSetValue zset = SortedSets.toRead(ctx.db(), ctx.arg(1));
        ctx.reply().integer(zset == null ? 0 : countIn(zset, range.belowMin(), range.notAboveMax()));
    }

    @RedisCommand(name = "zlexcount", arity = 4, flags = {READONLY, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            keySpecFlags = {"RO", "access"},
            summary = "Count the number of members in a sorted set between a given lexicographical range",
            since = "2.8.9", complexity = "O(log(N)) with N being the number of elements in the sorted set.")
    public void zlexcount(CommandContext ctx) {
        LexRange range = LexRange.parse(ctx.arg(2), ctx.arg(3));
        SortedSetValue zset = SortedSets.toRead(ctx.db(), ctx.arg(1));
        ctx.reply().integer(zset == null ? 0 : countIn(zset, range.belowMin(), range.notAboveMax()));
    }

    private static int countIn(SortedSetValue zset, SortedSetValue.EntryTest below, SortedSetValue.EntryTest notAbove) {
        return Math.max(0, zset.countWhile(notAbove) - zset.countWhile(below));
    }

    // ---- ranges ----

    @RedisCommand(name = "zrange", arity = -4, flags = {READONLY}, firstKey = 1, lastKey = 1, keyStep = 1,
            keySpecFlags = {"RO", "access"}, summary = "Return a range of members in a sorted set", since = "1.2.0",
            complexity = "O(log(N)+M) with N being the number of elements in the sorted set and M the number of "
                    + "elements returned.")
    public void zrange(CommandContext ctx) {
        range(ctx, 1, null, By.AUTO, Direction.AUTO);
    }

    @RedisCommand(name = "zrevrange", arity = -4, flags = {READONLY}, firstKey = 1, lastKey = 1, keyStep = 1,
            keySpecFlags = {"RO", "access"},
            summary = "Return a range of members in a sorted set, by index, with scores ordered from high to low",
            since = "1.2.0", complexity = "O(log(N)+M) with N being the number of elements in the sorted set and M "
                    + "the number of elements returned.")
    public void zrevrange(CommandContext ctx) {
        range(ctx, 1, null, By.RANK, Direction.REVERSE);
    }

    @RedisCommand(name = "zrangebyscore", arity = -4, flags = {READONLY}, firstKey = 1, lastKey = 1, keyStep = 1,
            keySpecFlags = {"RO", "access"}, summary = "Return a range of members in a sorted set, by score",
            since = "1.0.5", complexity = RANGE_COMPLEXITY)
    public void zrangebyscore(CommandContext ctx) {
        range(ctx, 1, null, By.SCORE, Direction.FORWARD);
    }

    @RedisCommand(name = "zrevrangebyscore", arity = -4, flags = {READONLY}, firstKey = 1, lastKey = 1, keyStep = 1,
            keySpecFlags = {"RO", "access"},
            summary = "Return a range of members in a sorted set, by score, with scores ordered from high to low",
            since = "2.2.0", complexity = RANGE_COMPLEXITY)
    public void zrevrangebyscore(CommandContext ctx) {
        range(ctx, 1, null, By.SCORE, Direction.REVERSE);
    }

    @RedisCommand(name = "zrangebylex", arity = -4, flags = {READONLY}, firstKey = 1, lastKey = 1, keyStep = 1,
            keySpecFlags = {"RO", "access"},
            summary = "Return a range of members in a sorted set, by lexicographical range", since = "2.8.9",
            complexity = RANGE_COMPLEXITY)
    public void zrangebylex(CommandContext ctx) {
        range(ctx, 1, null, By.LEX, Direction.FORWARD);
    }

    @RedisCommand(name = "zrevrangebylex", arity = -4, flags = {READONLY}, firstKey = 1, lastKey = 1, keyStep = 1,
            keySpecFlags = {"RO", "access"},
            summary = "Return a range of members in a sorted set, by lexicographical range, ordered from higher to "
                    + "lower strings.", since = "2.8.9", complexity = RANGE_COMPLEXITY)
    public void zrevrangebylex(CommandContext ctx) {
        range(ctx, 1, null, By.LEX, Direction.REVERSE);
    }

    @RedisCommand(name = "zrangestore", arity = -5, flags = {WRITE, DENYOOM}, firstKey = 1, lastKey = 2, keyStep = 1,
            keySpecFlags = {"OW", "update"}, summary = "Store a range of members from sorted set into another key",
            since = "6.2.0", complexity = "O(log(N)+M) with N being the number of elements in the sorted set and M "
                    + "the number of elements stored into the destination key.")
    public void zrangestore(CommandContext ctx) {
        range(ctx, 2, ctx.arg(1), By.AUTO, Direction.AUTO);
    }

    /**
     * Every ZRANGE form, as Redis's zrangeGenericCommand: the options, the range, then the
     * entries to the client or, with a {@code destination}, into a new set stored there.
     */
    private void range(CommandContext ctx, int keyIndex, byte[] destination, By by, Direction direction) {
        int argc = ctx.argCount();
        int minIndex = keyIndex + 1;
        int maxIndex = keyIndex + 2;
        boolean withScores = false;
        long offset = 0;
        long limit = -1;
        for (int j = keyIndex + 3; j < argc; j++) {
            int left = argc - j - 1;
            if (destination == null && ctx.argIs(j, "withscores")) {
                withScores = true;
            } else if (ctx.argIs(j, "limit") && left >= 2) {
                offset = ctx.longArg(j + 1);
                limit = ctx.longArg(j + 2);
                j += 2;
            } else if (direction == Direction.AUTO && ctx.argIs(j, "rev")) {
                direction = Direction.REVERSE;
            } else if (by == By.AUTO && ctx.argIs(j, "bylex")) {
                by = By.LEX;
            } else if (by == By.AUTO && ctx.argIs(j, "byscore")) {
                by = By.SCORE;
            } else {
                throw CommandContext.syntaxError();
            }
        }
        boolean reverse = direction == Direction.REVERSE;
        if (by == By.AUTO) {
            by = By.RANK;
        }
        if (limit != -1 && by == By.RANK) {
            throw new ErrorReplyException(
                    "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
        }
        if (withScores && by == By.LEX) {
            throw new ErrorReplyException("ERR syntax error, WITHSCORES not supported in combination with BYLEX");
        }
        if (reverse && by != By.RANK) {
            int swap = minIndex;
            minIndex = maxIndex;
            maxIndex = swap;
        }
        long start = 0;
        long end = 0;
        SortedSetValue.EntryTest below = null;
        SortedSetValue.EntryTest notAbove = null;
        if (by == By.RANK) {
            start = ctx.longArg(minIndex);
            end = ctx.longArg(maxIndex);
        } else if (by == By.SCORE) {
            ScoreRange range = ScoreRange.parse(ctx.arg(minIndex), ctx.arg(maxIndex));
            below = range.belowMin();
            notAbove = range.notAboveMax();
        } else {
            LexRange range = LexRange.parse(ctx.arg(minIndex), ctx.arg(maxIndex));
            below = range.belowMin();
            notAbove = range.notAboveMax();
        }
        SortedSetValue zset = SortedSets.toRead(ctx.db(), ctx.arg(keyIndex));
        if (zset == null) {
            if (destination != null) {
                SortedSets.store(ctx, destination, sortedSets.newSet(), "zrangestore");
            } else {
                ctx.reply().emptyArray();
            }
            return;
        }
        int size = zset.size();
        int firstRank;
        int count;
        if (by == By.RANK) {
            if (start < 0) {
                start += size;
            }
            if (end < 0) {
                end += size;
            }
            if (start < 0) {
                start = 0;
            }
            if (start > end || start >= size) {
                count = 0;
                firstRank = 0;
            } else {
                end = Math.min(end, size - 1);
                count = (int) (end - start + 1);
                firstRank = reverse ? (int) (size - 1 - start) : (int) start;
            }
        } else {
            int low = zset.countWhile(below);
            int high = zset.countWhile(notAbove);
            long available = (long) high - low - offset;
            if (offset < 0 || (offset > 0 && offset >= size) || available <= 0) {
                count = 0;
                firstRank = 0;
            } else {
                count = (int) (limit < 0 ? available : Math.min(limit, available));
                firstRank = reverse ? (int) (high - 1 - offset) : (int) (low + offset);
            }
        }
        if (destination != null) {
            SortedSetValue result = sortedSets.newSet();
            if (count > 0) {
                int[] remaining = {count};
                zset.visit(firstRank, reverse, (member, from, length, score) -> {
                    result.put(Arrays.copyOfRange(member, from, from + length), score);
                    return --remaining[0] > 0;
                });
            }
            SortedSets.store(ctx, destination, result, "zrangestore");
            return;
        }
        replyEntries(ctx.reply(), zset, firstRank, count, reverse, withScores);
    }

    /** {@code count} entries from {@code firstRank}, flat, with their scores if asked. */
    static void replyEntries(ReplyWriter reply, SortedSetValue zset, int firstRank, int count, boolean reverse,
                             boolean withScores) {
        reply.arrayHeader(withScores ? count * 2 : count);
        if (count == 0) {
            return;
        }
        int[] remaining = {count};
        zset.visit(firstRank, reverse, (member, from, length, score) -> {
            reply.bulk(member, from, length);
            if (withScores) {
                SortedSets.replyScore(reply, score);
            }
            return --remaining[0] > 0;
        });
    }

    // ---- removing ----

    @RedisCommand(name = "zrem", arity = -3, flags = {WRITE, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            keySpecFlags = {"RW", "delete"}, summary = "Remove one or more members from a sorted set", since = "1.2.0",
            complexity = "O(M*log(N)) with N being the number of elements in the sorted set and M the number of "
                    + "elements to be removed.")
    public void zrem(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        Database db = ctx.db();
        SortedSetValue zset = SortedSets.toWrite(db, key);
        if (zset == null) {
            ctx.reply().integer(0);
            return;
        }
        int deleted = 0;
        for (int i = 2; i < ctx.argCount(); i++) {
            if (zset.remove(ctx.arg(i))) {
                deleted++;
            }
            if (zset.isEmpty()) {
                break;
            }
        }
        removed(ctx, key, zset, deleted, "zrem");
        ctx.reply().integer(deleted);
    }

    /** After removing {@code deleted} members: publishes {@code event}, then "del" if the set was left empty. */
    private static void removed(CommandContext ctx, byte[] key, SortedSetValue zset, int deleted, String event) {
        if (deleted == 0) {
            return;
        }
        ctx.notifyKeyspaceEvent(ZSET, event, key);
        if (zset.isEmpty()) {
            ctx.db().delete(key);
            ctx.notifyKeyspaceEvent(GENERIC, "del", key);
        } else {
            ctx.db().signalModified(key);
        }
        ctx.changed(deleted);
    }

    @RedisCommand(name = "zremrangebyrank", arity = 4, flags = {WRITE}, firstKey = 1, lastKey = 1, keyStep = 1,
            keySpecFlags = {"RW", "delete"}, summary = "Remove all members in a sorted set within the given indexes",
            since = "2.0.0", complexity = REMOVE_RANGE_COMPLEXITY)
    public void zremrangebyrank(CommandContext ctx) {
        long start = ctx.longArg(2);
        long end = ctx.longArg(3);
        SortedSetValue zset = SortedSets.toWrite(ctx.db(), ctx.arg(1));
        if (zset == null) {
            ctx.reply().integer(0);
            return;
        }
        int size = zset.size();
        if (start < 0) {
            start += size;
        }
        if (end < 0) {
            end += size;
        }
        if (start < 0) {
            start = 0;
        }
        if (start > end || start >= size) {
            ctx.reply().integer(0);
            return;
        }
        end = Math.min(end, size - 1);
        removeRanks(ctx, zset, (int) start, (int) (end - start + 1), "zremrangebyrank");
    }

    @RedisCommand(name = "zremrangebyscore", arity = 4, flags = {WRITE}, firstKey = 1, lastKey = 1, keyStep = 1,
            keySpecFlags = {"RW", "delete"}, summary = "Remove all members in a sorted set within the given scores",
            since = "1.2.0", complexity = REMOVE_RANGE_COMPLEXITY)
    public void zremrangebyscore(CommandContext ctx) {
        ScoreRange range = ScoreRange.parse(ctx.arg(2), ctx.arg(3));
        removeBetween(ctx, range.belowMin(), range.notAboveMax(), "zremrangebyscore");
    }

    @RedisCommand(name = "zremrangebylex", arity = 4, flags = {WRITE}, firstKey = 1, lastKey = 1, keyStep = 1,
            keySpecFlags = {"RW", "delete"},
            summary = "Remove all members in a sorted set between the given lexicographical range", since = "2.8.9",
            complexity = REMOVE_RANGE_COMPLEXITY)
    public void zremrangebylex(CommandContext ctx) {
        LexRange range = LexRange.parse(ctx.arg(2), ctx.arg(3));
        removeBetween(ctx, range.belowMin(), range.notAboveMax(), "zremrangebylex");
    }

    private static void removeBetween(CommandContext ctx, SortedSetValue.EntryTest below,
                                      SortedSetValue.EntryTest notAbove, String event) {
        SortedSetValue zset = SortedSets.toWrite(ctx.db(), ctx.arg(1));
        if (zset == null) {
            ctx.reply().integer(0);
            return;
        }
        int low = zset.countWhile(below);
        int count = Math.max(0, zset.countWhile(notAbove) - low);
        removeRanks(ctx, zset, low, count, event);
    }

    private static void removeRanks(CommandContext ctx, SortedSetValue zset, int firstRank, int count,
                                    String event) {
        if (count > 0) {
            List<byte[]> members = new ArrayList<>(count);
            zset.visit(firstRank, false, (member, from, length, score) -> {
                members.add(Arrays.copyOfRange(member, from, from + length));
                return members.size() < count;
            });
            for (byte[] member : members) {
                zset.remove(member);
            }
        }
        removed(ctx, ctx.arg(1), zset, count, event);
        ctx.reply().integer(count);
    }

    // ---- random members and scanning ----

    @RedisCommand(name = "zrandmember", arity = -2, flags = {READONLY}, firstKey = 1, lastKey = 1, keyStep = 1,
            tips = {"nondeterministic_output"}, keySpecFlags = {"RO", "access"},
            summary = "Get one or multiple random elements from a sorted set", since = "6.2.0",
            complexity = "O(N) where N is the number of elements returned")
    public void zrandmember(CommandContext ctx) {
        int argc = ctx.argCount();
        ReplyWriter reply = ctx.reply();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (argc == 2) {
            SortedSetValue zset = SortedSets.toRead(ctx.db(), ctx.arg(1));
            if (zset == null) {
                reply.nullBulk();
            } else {
                reply.bulk(zset.memberAt(random.nextInt(zset.size())));
            }
            return;
        }
        long requested = ctx.longArg(2);
        if (requested == Long.MIN_VALUE) {
            throw new ErrorReplyException("ERR value is out of range, value must between -9223372036854775807 and "
                    + "9223372036854775807");
        }
        if (argc > 4 || (argc == 4 && !ctx.argIs(3, "withscores"))) {
            throw CommandContext.syntaxError();
        }
        boolean withScores = argc == 4;
        if (withScores && (requested < -RANDOM_COUNT_LIMIT || requested > RANDOM_COUNT_LIMIT)) {
            throw new ErrorReplyException("ERR value is out of range");
        }
        SortedSetValue zset = SortedSets.toRead(ctx.db(), ctx.arg(1));
        if (zset == null || requested == 0) {
            reply.emptyArray();
            return;
        }
        int size = zset.size();
        if (requested < 0) {
            long count = -requested;
            reply.arrayHeader((int) (withScores ? count * 2 : count));
            for (long i = 0; i < count; i++) {
                replyEntryAt(reply, zset, random.nextInt(size), withScores);
            }
            return;
        }
        if (requested >= size) {
            // Redis walks a set's entries from the highest when it returns all of them
            replyEntries(reply, zset, size - 1, size, true, withScores);
            return;
        }
        int count = (int) requested;
        reply.arrayHeader(withScores ? count * 2 : count);
        Set<Integer> chosen = new HashSet<>();
        while (chosen.size() < count) {
            int rank = random.nextInt(size);
            if (chosen.add(rank)) {
                replyEntryAt(reply, zset, rank, withScores);
            }
        }
    }

    private static void replyEntryAt(ReplyWriter reply, SortedSetValue zset, int rank, boolean withScores) {
        reply.bulk(zset.memberAt(rank));
        if (withScores) {
            SortedSets.replyScore(reply, zset.scoreAt(rank));
        }
    }

    @RedisCommand(name = "zscan", arity = -3, flags = {READONLY}, firstKey = 1, lastKey = 1, keyStep = 1,
            tips = {"nondeterministic_output"}, keySpecFlags = {"RO", "access"},
            summary = "Incrementally iterate sorted sets elements and associated scores", since = "2.8.0",
            complexity = "O(1) for every call. O(N) for a complete iteration, including enough command calls for "
                    + "the cursor to return back to 0. N is the number of elements inside the collection..")
    public void zscan(CommandContext ctx) {
        long cursor = ScanCursor.parse(ctx.arg(2));
        SortedSetValue zset = SortedSets.toRead(ctx.db(), ctx.arg(1));
        if (zset == null) {
            ctx.reply().raw(EMPTY_SCAN);
            return;
        }
        long count = 10;
        GlobPattern pattern = null;
        for (int i = 3; i < ctx.argCount(); i += 2) {
            boolean hasValue = i + 1 < ctx.argCount();
            if (ctx.argIs(i, "count") && hasValue) {
                count = ctx.longArg(i + 1);
                if (count < 1) {
                    throw CommandContext.syntaxError();
                }
            } else if (ctx.argIs(i, "match") && hasValue) {
                pattern = new GlobPattern(ctx.arg(i + 1), false);
            } else {
                throw CommandContext.syntaxError();
            }
        }
        List<byte[]> members = new ArrayList<>();
        List<String> scores = new ArrayList<>();
        boolean packed = zset.isPacked();
        SortedSetValue.EntryVisitor collect = (member, from, length, score) -> {
            members.add(Arrays.copyOfRange(member, from, from + length));
            scores.add(packed ? Scores.formatPacked(score) : Scores.format(score));
            return true;
        };
        long iterations = count > Long.MAX_VALUE / 10 ? Long.MAX_VALUE : count * 10;
        do {
            cursor = zset.scan(cursor, collect);
        } while (cursor != 0 && iterations-- > 0 && members.size() * 2L < count);
        List<byte[]> reply = new ArrayList<>(members.size() * 2);
        for (int i = 0; i < members.size(); i++) {
            if (pattern == null || pattern.matches(members.get(i))) {
                reply.add(members.get(i));
                reply.add(scores.get(i).getBytes(StandardCharsets.US_ASCII));
            }
        }
        ReplyWriter writer = ctx.reply();
        writer.arrayHeader(2);
        writer.bulk(ScanCursor.format(cursor));
        writer.bulkArray(reply);
    }
}
