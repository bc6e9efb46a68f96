package dev.cinnabar.command.sortedsets;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandFamily;
import dev.cinnabar.command.Numbers;
import dev.cinnabar.command.RedisCommand;
import dev.cinnabar.protocol.ErrorReplyException;
import dev.cinnabar.store.ByteKey;
import dev.cinnabar.store.Database;
import dev.cinnabar.store.SetValue;
import dev.cinnabar.store.SortedSetValue;
import dev.cinnabar.store.WrongTypeException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.cinnabar.command.CommandFlag.DENYOOM;
import static dev.cinnabar.command.CommandFlag.MOVABLE_KEYS;
import static dev.cinnabar.command.CommandFlag.READONLY;
import static dev.cinnabar.command.CommandFlag.WRITE;

/**
 * ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD, like Redis's
 * zunionInterDiffGenericCommand: inputs may be sorted sets or plain sets (members scoring 1).
 */
@CommandFamily("sorted-set")
public class SortedSetAlgebraCommands {

    private static final String UNION_COMPLEXITY = "O(N)+O(M*log(M)) with N being the sum of the sizes of the "
            + "input sorted sets, and M being the number of elements in the resulting sorted set.";
    private static final String INTER_COMPLEXITY = "O(N*K)+O(M*log(M)) worst case with N being the smallest input "
            + "sorted set, K being the number of input sorted sets and M being the number of elements in the "
            + "resulting sorted set.";
    private static final String DIFF_COMPLEXITY = "O(L + (N-K)log(N)) worst case where L is the total number of "
            + "elements in all the sets, N is the size of the first set, and K is the size of the result set.";

    private enum Operation {
        UNION("zunionstore"), INTER("zinterstore"), DIFF("zdiffstore");

        /** The keyspace event its STORE form publishes on the destination. */
        final String storeEvent;

        Operation(String storeEvent) {
            this.storeEvent = storeEvent;
        }
    }

    private enum Aggregate { SUM, MIN, MAX }

    /** One input key: its members with their scores, and the weight they are multiplied by. */
    private interface Input {
        int size();

        void forEach(SortedSetValue.EntryVisitor visitor);

        /** The member's score, NaN if absent. */
        double score(byte[] member);
    }

    private static final Input MISSING = new Input() {
        @Override
        public int size() {
            return 0;
        }

        @Override
        public void forEach(SortedSetValue.EntryVisitor visitor) {
        }

        @Override
        public double score(byte[] member) {
            return Double.NaN;
        }
    };

    private record SortedSetInput(SortedSetValue zset) implements Input {
        @Override
        public int size() {
            return zset.size();
        }

        @Override
        public void forEach(SortedSetValue.EntryVisitor visitor) {
            if (!zset.isEmpty()) {
                zset.visit(0, false, visitor);
            }
        }

        @Override
        public double score(byte[] member) {
            return zset.score(member);
        }
    }

    /** A plain set as Redis's zui iterators see it: every member scores 1. */
    private record SetInput(SetValue set) implements Input {
        @Override
        public int size() {
            return set.size();
        }

        @Override
        public void forEach(SortedSetValue.EntryVisitor visitor) {
            for (int i = 0, size = set.size(); i < size; i++) {
                byte[] member = set.member(i);
                if (!visitor.visit(member, 0, member.length, 1.0)) {
                    return;
                }
            }
        }

        @Override
        public double score(byte[] member) {
            return set.contains(member) ? 1.0 : Double.NaN;
        }
    }

    private static final class Source {
        final Object value;
        final Input input;
        double weight = 1;

        Source(Object value, Input input) {
            this.value = value;
            this.input = input;
        }
    }

    private final SortedSets sortedSets;

    public SortedSetAlgebraCommands(SortedSets sortedSets) {
        this.sortedSets = sortedSets;
    }

    /** The entries of an input key's value: a sorted set's, or a plain set's members scoring 1. */
    private static Input inputOf(Object value) {
        if (value instanceof SortedSetValue zset) {
            return new SortedSetInput(zset);
        }
        if (value instanceof SetValue set) {
            return new SetInput(set);
        }
        throw WrongTypeException.INSTANCE;
    }

    @RedisCommand(name = "zunion", arity = -3, flags = {READONLY, MOVABLE_KEYS}, keySpecFlags = {"RO", "access"},
            summary = "Add multiple sorted sets", since = "6.2.0", complexity = UNION_COMPLEXITY)
    public void zunion(CommandContext ctx) {
        combine(ctx, null, 1, Operation.UNION, false);
    }

    @RedisCommand(name = "zinter", arity = -3, flags = {READONLY, MOVABLE_KEYS}, keySpecFlags = {"RO", "access"},
            summary = "Intersect multiple sorted sets", since = "6.2.0", complexity = INTER_COMPLEXITY)
    public void zinter(CommandContext ctx) {
        combine(ctx, null, 1, Operation.INTER, false);
    }

    @RedisCommand(name = "zdiff", arity = -3, flags = {READONLY, MOVABLE_KEYS}, keySpecFlags = {"RO", "access"},
            summary = "Subtract multiple sorted sets", since = "6.2.0", complexity = DIFF_COMPLEXITY)
    public void zdiff(CommandContext ctx) {
        combine(ctx, null, 1, Operation.DIFF, false);
    }

    @RedisCommand(name = "zunionstore", arity = -4, flags = {WRITE, DENYOOM, MOVABLE_KEYS}, firstKey = 1,
            lastKey = 1, keyStep = 1, keySpecFlags = {"OW", "update"},
            summary = "Add multiple sorted sets and store the resulting sorted set in a new key", since = "2.0.0",
            complexity = "O(N)+O(M log(M)) with N being the sum of the sizes of the input sorted sets, and M being "
                    + "the number of elements in the resulting sorted set.")
    public void zunionstore(CommandContext ctx) {
        combine(ctx, ctx.arg(1), 2, Operation.UNION, false);
    }

    @RedisCommand(name = "zinterstore", arity = -4, flags = {WRITE, DENYOOM, MOVABLE_KEYS}, firstKey = 1,
            lastKey = 1, keyStep = 1, keySpecFlags = {"OW", "update"},
            summary = "Intersect multiple sorted sets and store the resulting sorted set in a new key",
            since = "2.0.0", complexity = INTER_COMPLEXITY)
    public void zinterstore(CommandContext ctx) {
        combine(ctx, ctx.arg(1), 2, Operation.INTER, false);
    }

    @RedisCommand(name = "zdiffstore", arity = -4, flags = {WRITE, DENYOOM, MOVABLE_KEYS}, firstKey = 1,
            lastKey = 1, keyStep = 1, keySpecFlags = {"OW", "update"},
            summary = "Subtract multiple sorted sets and store the resulting sorted set in a new key",
            since = "6.2.0", complexity = DIFF_COMPLEXITY)
    public void zdiffstore(CommandContext ctx) {
        combine(ctx, ctx.arg(1), 2, Operation.DIFF, false);
    }

    @RedisCommand(name = "zintercard", arity = -3, flags = {READONLY, MOVABLE_KEYS}, keySpecFlags = {"RO", "access"},
            summary = "Intersect multiple sorted sets and return the cardinality of the result", since = "7.0.0",
            complexity = "O(N*K) worst case with N being the smallest input sorted set, K being the number of "
                    + "input sorted sets.")
    public void zintercard(CommandContext ctx) {
        combine(ctx, null, 1, Operation.INTER, true);
    }

    private void combine(CommandContext ctx, byte[] destination, int numkeysIndex, Operation operation,
                         boolean cardinalityOnly) {
        int argc = ctx.argCount();
        long setCount = ctx.longArg(numkeysIndex);
        if (setCount < 1) {
            throw new ErrorReplyException("ERR at least 1 input key is needed for '" + ctx.command().fullName()
                    + "' command");
        }
        if (setCount > argc - (numkeysIndex + 1)) {
            throw CommandContext.syntaxError();
        }
        Database db = ctx.db();
        List<Source> sources = new ArrayList<>((int) setCount);
        int j = numkeysIndex + 1;
        for (int i = 0; i < setCount; i++, j++) {
            Object value = db.read(ctx.arg(j));
            sources.add(value == null ? new Source(null, MISSING) : new Source(value, inputOf(value)));
        }
        Aggregate aggregate = Aggregate.SUM;
        boolean withScores = false;
        long limit = 0;
        boolean algebra = operation != Operation.DIFF && !cardinalityOnly;
        while (j < argc) {
            int remaining = argc - j;
            if (algebra && remaining >= setCount + 1 && ctx.argIs(j, "weights")) {
                j++;
                for (Source source : sources) {
                    source.weight = Scores.parseOrError(ctx.arg(j++), "ERR weight value is not a float");
                }
            } else if (algebra && remaining >= 2 && ctx.argIs(j, "aggregate")) {
                j++;
                if (ctx.argIs(j, "sum")) {
                    aggregate = Aggregate.SUM;
                } else if (ctx.argIs(j, "min")) {
                    aggregate = Aggregate.MIN;
                } else if (ctx.argIs(j, "max")) {
                    aggregate = Aggregate.MAX;
                } else {
                    throw CommandContext.syntaxError();
                }
                j++;
            } else if (destination == null && !cardinalityOnly && ctx.argIs(j, "withscores")) {
                j++;
                withScores = true;
            } else if (cardinalityOnly && remaining >= 2 && ctx.argIs(j, "limit")) {
                Long parsed = Numbers.parseLong(ctx.arg(j + 1));
                if (parsed == null || parsed < 0) {
                    throw new ErrorReplyException("ERR LIMIT can't be negative");
                }
                limit = parsed;
                j += 2;
            } else {
                throw CommandContext.syntaxError();
            }
        }
        if (operation != Operation.DIFF) {
            // Redis visits the inputs from the smallest, which also decides the order scores are summed in.
            sources.sort(Comparator.comparingInt(source -> source.input.size()));
        }
        if (cardinalityOnly) {
            ctx.reply().integer(intersectionSize(sources, limit));
            return;
        }
        SortedSetValue result = switch (operation) {
            case UNION -> union(sources, aggregate);
            case INTER -> intersection(sources, aggregate);
            case DIFF -> difference(sources);
        };
        if (destination != null) {
            SortedSets.store(ctx, destination, result, operation.storeEvent);
        } else {
            SortedSetCommands.replyEntries(ctx.reply(), result, 0, result.size(), false, withScores);
        }
    }

    private static double aggregate(double target, double value, Aggregate aggregate) {
        return switch (aggregate) {
            case SUM -> {
                double sum = target + value;
                yield Double.isNaN(sum) ? 0 : sum;
            }
            case MIN -> value < target ? value : target;
            case MAX -> value > target ? value : target;
        };
    }

    private static double weighted(double score, double weight) {
        double value = score * weight;
        return Double.isNaN(value) ? 0 : value;
    }

    private SortedSetValue union(List<Source> sources, Aggregate aggregate) {
        Map<ByteKey, double[]> scores = new HashMap<>();
        List<ByteKey> order = new ArrayList<>();
        for (Source source : sources) {
            source.input.forEach((member, from, length, score) -> {
                double value = weighted(score, source.weight);
                ByteKey key = new ByteKey(Arrays.copyOfRange(member, from, from + length));
                double[] existing = scores.get(key);
                if (existing == null) {
                    scores.put(key, new double[] {value});
                    order.add(key);
                } else {
                    existing[0] = aggregate(existing[0], value, aggregate);
                }
                return true;
            });
        }
        SortedSetValue result = sortedSets.newSet();
        for (ByteKey key : order) {
            result.put(key.bytes(), scores.get(key)[0]);
        }
        return result;
    }

    private SortedSetValue intersection(List<Source> sources, Aggregate aggregate) {
        SortedSetValue result = sortedSets.newSet();
        intersect(sources, aggregate, 0, (member, score) -> result.put(member, score));
        return result;
    }

    private static long intersectionSize(List<Source> sources, long limit) {
        long[] count = {0};
        intersect(sources, Aggregate.SUM, limit, (member, score) -> count[0]++);
        return count[0];
    }

    private interface Match {
        void found(byte[] member, double score);
    }

    /** Walks the smallest input and reports the members every input has, up to {@code limit} (0: all). */
    private static void intersect(List<Source> sources, Aggregate aggregate, long limit, Match match) {
        Source smallest = sources.get(0);
        long[] found = {0};
        smallest.input.forEach((member, from, length, score) -> {
            byte[] copy = Arrays.copyOfRange(member, from, from + length);
            double total = weighted(score, smallest.weight);
            for (int i = 1; i < sources.size(); i++) {
                Source other = sources.get(i);
                double value;
                if (other.value == smallest.value) {
                    value = score * other.weight;
                } else {
                    double otherScore = other.input.score(copy);
                    if (Double.isNaN(otherScore)) {
                        return true;
                    }
                    value = otherScore * other.weight;
                }
                total = aggregate(total, value, aggregate);
            }
            match.found(copy, total);
            found[0]++;
            return limit == 0 || found[0] < limit;
        });
    }

    private SortedSetValue difference(List<Source> sources) {
        SortedSetValue result = sortedSets.newSet();
        sources.get(0).input.forEach((member, from, length, score) -> {
            byte[] copy = Arrays.copyOfRange(member, from, from + length);
            for (int i = 1; i < sources.size(); i++) {
                if (!Double.isNaN(sources.get(i).input.score(copy))) {
                    return true;
                }
            }
            result.put(copy, score);
            return true;
        });
        return result;
    }
}
