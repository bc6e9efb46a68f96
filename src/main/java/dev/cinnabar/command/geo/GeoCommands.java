package dev.cinnabar.command.geo;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandFamily;
import dev.cinnabar.command.Numbers;
import dev.cinnabar.command.RedisCommand;
import dev.cinnabar.command.sortedsets.Scores;
import dev.cinnabar.command.sortedsets.SortedSets;
import dev.cinnabar.config.KeyspaceEventClasses;
import dev.cinnabar.protocol.Ascii;
import dev.cinnabar.protocol.ErrorReplyException;
import dev.cinnabar.protocol.ReplyWriter;
import dev.cinnabar.store.Database;
import dev.cinnabar.store.SortedSetValue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

import static dev.cinnabar.command.CommandFlag.DENYOOM;
import static dev.cinnabar.command.CommandFlag.MOVABLE_KEYS;
import static dev.cinnabar.command.CommandFlag.READONLY;
import static dev.cinnabar.command.CommandFlag.WRITE;

/**
 * The geo commands, like Redis's geo.c: positions are members of a sorted set scored with
 * their 52-bit geohash ({@link GeoHash}), so every sorted set command works on them too.
 */
@CommandFamily("geo")
public class GeoCommands {

    private static final String RADIUS_COMPLEXITY = "O(N+log(M)) where N is the number of elements inside the "
            + "bounding box of the circular area delimited by center and radius and M is the number of items "
            + "inside the index.";
    private static final String SEARCH_COMPLEXITY = "O(N+log(M)) where N is the number of elements in the "
            + "grid-aligned bounding box area around the shape provided as the filter and M is the number of items "
            + "inside the shape";
    private static final String MEMBER_NOT_DECODABLE = "ERR could not decode requested zset member";
    private static final byte[] ZADD = Ascii.bytes("ZADD");

    /** Which command is searching: they differ in their fixed arguments and the options they take. */
    private enum SearchKind {
        RADIUS(false), RADIUS_BY_MEMBER(false), RADIUS_READ_ONLY(false), RADIUS_BY_MEMBER_READ_ONLY(false),
        SEARCH(true), SEARCH_STORE(true);

        final boolean geosearch;

        SearchKind(boolean geosearch) {
            this.geosearch = geosearch;
        }

        boolean acceptsStore() {
            return this == RADIUS || this == RADIUS_BY_MEMBER;
        }

        /** The keyspace event a stored result publishes on its destination. */
        String storeEvent() {
            return geosearch ? "geosearchstore" : "georadiusstore";
        }
    }

    private final SortedSets sortedSets;

    public GeoCommands(SortedSets sortedSets) {
        this.sortedSets = sortedSets;
    }

    @RedisCommand(name = "geoadd", arity = -5, flags = {WRITE, DENYOOM}, firstKey = 1, lastKey = 1, keyStep = 1,
            keySpecFlags = {"RW", "update"},
            summary = "Add one or more geospatial items in the geospatial index represented using a sorted set",
            since = "3.2.0",
            complexity = "O(log(N)) for each item added, where N is the number of elements in the sorted set.")
    public void geoadd(CommandContext ctx) {
        int argc = ctx.argCount();
        boolean nx = false;
        boolean xx = false;
        boolean ch = false;
        int first = 2;
        for (; first < argc; first++) {
            if (ctx.argIs(first, "nx")) {
                nx = true;
            } else if (ctx.argIs(first, "xx")) {
                xx = true;
            } else if (ctx.argIs(first, "ch")) {
                ch = true;
            } else {
                break;
            }
        }
        int triples = (argc - first) / 3;
        if ((argc - first) % 3 != 0 || (xx && nx) || triples == 0) {
            throw CommandContext.syntaxError();
        }
        long[] scores = new long[triples];
        for (int i = 0; i < triples; i++) {
            double[] position = longitudeLatitude(ctx, first + 3 * i);
            scores[i] = GeoHash.score(position[0], position[1]);
        }
        byte[] key = ctx.arg(1);
        Database db = ctx.db();
        SortedSetValue zset = SortedSets.toWrite(db, key);
        boolean created = zset == null;
        if (created) {
            if (xx) {
                ctx.reply().integer(0);
                return;
            }
            zset = SortedSetValue.forFirstMember(sortedSets.limits(), ctx.arg(first + 2).length);
        }
        int added = 0;
        int updated = 0;
        for (int i = 0; i < triples; i++) {
            byte[] member = ctx.arg(first + 3 * i + 2);
            double current = zset.score(member);
            if (Double.isNaN(current)) {
                if (!xx) {
                    zset.put(member, scores[i]);
                    added++;
                }
            } else if (!nx && current != scores[i]) {
                zset.put(member, scores[i]);
                updated++;
            }
        }
        if (created) {
            db.put(key, zset);
        } else if (added + updated > 0) {
            db.signalModified(key);
        }
        ctx.changed(added + updated);
        if (added + updated > 0) {
            // GEOADD runs as ZADD in Redis, so it publishes ZADD's event
            ctx.notifyKeyspaceEvent(KeyspaceEventClasses.ZSET, "zadd", key);
            propagateAsZadd(ctx, first, scores);
        }
        ctx.reply().integer(ch ? added + updated : added);
    }

    /** Redis runs GEOADD as the ZADD of the scores it computed, and propagates that ZADD. */
    private static void propagateAsZadd(CommandContext ctx, int first, long[] scores) {
        byte[][] argv = new byte[first + scores.length * 2][];
        argv[0] = ZADD;
        for (int i = 1; i < first; i++) {
            argv[i] = ctx.arg(i);
        }
        for (int i = 0; i < scores.length; i++) {
            argv[first + 2 * i] = Numbers.toBytes(scores[i]);
            argv[first + 2 * i + 1] = ctx.arg(first + 3 * i + 2);
        }
        ctx.propagateAs(argv);
    }

    @RedisCommand(name = "geopos", arity = -2, flags = {READONLY}, firstKey = 1, lastKey = 1, keyStep = 1,
            keySpecFlags = {"RO", "access"}, summary = "Returns longitude and latitude of members of a geospatial index",
            since = "3.2.0", complexity = "O(N) where N is the number of members requested.")
    public void geopos(CommandContext ctx) {
        SortedSetValue zset = SortedSets.toRead(ctx.db(), ctx.arg(1));
        ReplyWriter reply = ctx.reply();
        reply.arrayHeader(ctx.argCount() - 2);
        for (int i = 2; i < ctx.argCount(); i++) {
            double score = zset == null ? Double.NaN : zset.score(ctx.arg(i));
            if (Double.isNaN(score)) {
                reply.nullArray();
            } else {
                double[] position = GeoHash.decode(score);
                reply.arrayHeader(2);
                reply.bulk(Scores.formatHuman(position[0]));
                reply.bulk(Scores.formatHuman(position[1]));
            }
        }
    }

    @RedisCommand(name = "geodist", arity = -4, flags = {READONLY}, firstKey = 1, lastKey = 1, keyStep = 1,
            keySpecFlags = {"RO", "access"}, summary = "Returns the distance between two members of a geospatial index",
            since = "3.2.0", complexity = "O(log(N))")
    public void geodist(CommandContext ctx) {
        double toMeters = 1;
        if (ctx.argCount() == 5) {
            toMeters = unit(ctx.arg(4));
        } else if (ctx.argCount() > 5) {
            throw CommandContext.syntaxError();
        }
        SortedSetValue zset = SortedSets.toRead(ctx.db(), ctx.arg(1));
        double first = zset == null ? Double.NaN : zset.score(ctx.arg(2));
        double second = zset == null ? Double.NaN : zset.score(ctx.arg(3));
        if (Double.isNaN(first) || Double.isNaN(second)) {
            ctx.reply().nullBulk();
            return;
        }
        double[] a = GeoHash.decode(first);
        double[] b = GeoHash.decode(second);
        ctx.reply().bulk(Scores.formatFourDecimals(GeoHash.distance(a[0], a[1], b[0], b[1]) / toMeters));
    }

    @RedisCommand(name = "geohash", arity = -2, flags = {READONLY}, firstKey = 1, lastKey = 1, keyStep = 1,
            keySpecFlags = {"RO", "access"},
            summary = "Returns members of a geospatial index as standard geohash strings", since = "3.2.0",
            complexity = "O(log(N)) for each member requested, where N is the number of elements in the sorted set.")
    public void geohash(CommandContext ctx) {
        SortedSetValue zset = SortedSets.toRead(ctx.db(), ctx.arg(1));
        ReplyWriter reply = ctx.reply();
        reply.arrayHeader(ctx.argCount() - 2);
        for (int i = 2; i < ctx.argCount(); i++) {
            double score = zset == null ? Double.NaN : zset.score(ctx.arg(i));
            if (Double.isNaN(score)) {
                reply.nullBulk();
            } else {
                reply.bulk(GeoHash.standardHash(score));
            }
        }
    }

    @RedisCommand(name = "geosearch", arity = -7, flags = {READONLY}, firstKey = 1, lastKey = 1, keyStep = 1,
            keySpecFlags = {"RO", "access"},
            summary = "Query a sorted set representing a geospatial index to fetch members inside an area of a box "
                    + "or a circle.", since = "6.2.0", complexity = SEARCH_COMPLEXITY)
    public void geosearch(CommandContext ctx) {
        search(ctx, 1, SearchKind.SEARCH);
    }

    @RedisCommand(name = "geosearchstore", arity = -8, flags = {WRITE, DENYOOM}, firstKey = 1, lastKey = 2,
            keyStep = 1, keySpecFlags = {"OW", "update"},
            summary = "Query a sorted set representing a geospatial index to fetch members inside an area of a box "
                    + "or a circle, and store the result in another key.", since = "6.2.0",
            complexity = SEARCH_COMPLEXITY)
    public void geosearchstore(CommandContext ctx) {
        search(ctx, 2, SearchKind.SEARCH_STORE);
    }

    @RedisCommand(name = "georadius", arity = -6, flags = {WRITE, DENYOOM, MOVABLE_KEYS}, firstKey = 1, lastKey = 1,
            keyStep = 1, keySpecFlags = {"RO", "access"},
            summary = "Query a sorted set representing a geospatial index to fetch members matching a given maximum "
                    + "distance from a point", since = "3.2.0", complexity = RADIUS_COMPLEXITY)
    public void georadius(CommandContext ctx) {
        search(ctx, 1, SearchKind.RADIUS);
    }

    @RedisCommand(name = "georadiusbymember", arity = -5, flags = {WRITE, DENYOOM, MOVABLE_KEYS}, firstKey = 1,
            lastKey = 1, keyStep = 1, keySpecFlags = {"RO", "access"},
            summary = "Query a sorted set representing a geospatial index to fetch members matching a given maximum "
                    + "distance from a member", since = "3.2.0", complexity = RADIUS_COMPLEXITY)
    public void georadiusbymember(CommandContext ctx) {
        search(ctx, 1, SearchKind.RADIUS_BY_MEMBER);
    }

    @RedisCommand(name = "georadius_ro", arity = -6, flags = {READONLY}, firstKey = 1, lastKey = 1, keyStep = 1,
            keySpecFlags = {"RO", "access"}, summary = "A read-only variant for GEORADIUS", since = "3.2.10",
            complexity = RADIUS_COMPLEXITY)
    public void georadiusReadOnly(CommandContext ctx) {
        search(ctx, 1, SearchKind.RADIUS_READ_ONLY);
    }

    @RedisCommand(name = "georadiusbymember_ro", arity = -5, flags = {READONLY}, firstKey = 1, lastKey = 1,
            keyStep = 1, keySpecFlags = {"RO", "access"}, summary = "A read-only variant for GEORADIUSBYMEMBER",
            since = "3.2.10", complexity = RADIUS_COMPLEXITY)
    public void georadiusbymemberReadOnly(CommandContext ctx) {
        search(ctx, 1, SearchKind.RADIUS_BY_MEMBER_READ_ONLY);
    }

    /** Every search command, checked and answered in the order of Redis's georadiusGeneric. */
    private void search(CommandContext ctx, int sourceIndex, SearchKind kind) {
        int argc = ctx.argCount();
        SortedSetValue zset = SortedSets.toRead(ctx.db(), ctx.arg(sourceIndex));
        byte[] storeKey = null;
        boolean storeDistance = false;
        double[] center = null;
        double radius = 0;
        double width = 0;
        double height = 0;
        double conversion = 1;
        boolean box = false;
        int base;
        switch (kind) {
            case RADIUS, RADIUS_READ_ONLY -> {
                base = 6;
                center = longitudeLatitude(ctx, 2);
                radius = distance(ctx.arg(4), "ERR need numeric radius");
                conversion = unit(ctx.arg(5));
            }
            case RADIUS_BY_MEMBER, RADIUS_BY_MEMBER_READ_ONLY -> {
                base = 5;
                if (zset != null) {
                    center = memberPosition(zset, ctx.arg(2));
                    radius = distance(ctx.arg(3), "ERR need numeric radius");
                    conversion = unit(ctx.arg(4));
                }
            }
            case SEARCH_STORE -> {
                base = 3;
                storeKey = ctx.arg(1);
            }
            default -> base = 2;
        }
        boolean withDist = false;
        boolean withHash = false;
        boolean withCoord = false;
        boolean fromMember = false;
        boolean fromLonLat = false;
        boolean byRadius = false;
        boolean byBox = false;
        int sort = 0;
        boolean any = false;
        long count = 0;
        for (int i = base; i < argc; i++) {
            int remaining = argc - i - 1;
            if (ctx.argIs(i, "withdist")) {
                withDist = true;
            } else if (ctx.argIs(i, "withhash")) {
                withHash = true;
            } else if (ctx.argIs(i, "withcoord")) {
                withCoord = true;
            } else if (ctx.argIs(i, "any")) {
                any = true;
            } else if (ctx.argIs(i, "asc")) {
                sort = 1;
            } else if (ctx.argIs(i, "desc")) {
                sort = -1;
            } else if (ctx.argIs(i, "count") && remaining >= 1) {
                count = ctx.longArg(i + 1);
                if (count <= 0) {
                    throw new ErrorReplyException("ERR COUNT must be > 0");
                }
                i++;
            } else if (kind.acceptsStore() && remaining >= 1 && ctx.argIs(i, "store")) {
                storeKey = ctx.arg(++i);
                storeDistance = false;
            } else if (kind.acceptsStore() && remaining >= 1 && ctx.argIs(i, "storedist")) {
                storeKey = ctx.arg(++i);
                storeDistance = true;
            } else if (kind == SearchKind.SEARCH_STORE && ctx.argIs(i, "storedist")) {
                storeDistance = true;
            } else if (kind.geosearch && !fromLonLat && remaining >= 1 && ctx.argIs(i, "frommember")) {
                if (zset != null) {
                    center = memberPosition(zset, ctx.arg(i + 1));
                }
                fromMember = true;
                i++;
            } else if (kind.geosearch && !fromMember && remaining >= 2 && ctx.argIs(i, "fromlonlat")) {
                center = longitudeLatitude(ctx, i + 1);
                fromLonLat = true;
                i += 2;
            } else if (kind.geosearch && !byBox && remaining >= 2 && ctx.argIs(i, "byradius")) {
                radius = distance(ctx.arg(i + 1), "ERR need numeric radius");
                conversion = unit(ctx.arg(i + 2));
                byRadius = true;
                i += 2;
            } else if (kind.geosearch && !byRadius && remaining >= 3 && ctx.argIs(i, "bybox")) {
                width = Scores.parseOrError(ctx.arg(i + 1), "ERR need numeric width");
                height = Scores.parseOrError(ctx.arg(i + 2), "ERR need numeric height");
                if (height < 0 || width < 0) {
                    throw new ErrorReplyException("ERR height or width cannot be negative");
                }
                conversion = unit(ctx.arg(i + 3));
                box = true;
                byBox = true;
                i += 3;
            } else {
                throw CommandContext.syntaxError();
            }
        }
        if (storeKey != null && (withDist || withHash || withCoord)) {
            throw new ErrorReplyException("ERR " + (kind == SearchKind.SEARCH_STORE ? "GEOSEARCHSTORE"
                    : "STORE option in GEORADIUS") + " is not compatible with WITHDIST, WITHHASH and WITHCOORD options");
        }
        if (kind.geosearch && !(fromMember || fromLonLat)) {
            throw new ErrorReplyException("ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for "
                    + ctx.stringArg(0));
        }
        if (kind.geosearch && !(byRadius || byBox)) {
            throw new ErrorReplyException("ERR exactly one of BYRADIUS and BYBOX can be specified for "
                    + ctx.stringArg(0));
        }
        if (any && count == 0) {
            throw new ErrorReplyException("ERR the ANY argument requires COUNT argument");
        }
        if (zset == null) {
            if (storeKey != null) {
                SortedSets.store(ctx, storeKey, sortedSets.newSet(), kind.storeEvent());
            } else {
                ctx.reply().emptyArray();
            }
            return;
        }
        if (count != 0 && sort == 0 && !any) {
            sort = 1;
        }
        GeoSearch search = box ? GeoSearch.byBox(center[0], center[1], width, height, conversion)
                : GeoSearch.byRadius(center[0], center[1], radius, conversion);
        List<GeoSearch.Point> points = search.run(zset, any ? count : 0);
        if (sort != 0) {
            points = GeoSearch.ordered(points, sort < 0, count);
        }
        int returned = (int) (count == 0 ? points.size() : Math.min(count, points.size()));
        if (storeKey != null) {
            SortedSetValue result = sortedSets.newSet();
            for (int i = 0; i < returned; i++) {
                GeoSearch.Point point = points.get(i);
                result.put(point.member(), storeDistance ? point.distance() / conversion : point.score());
            }
            SortedSets.store(ctx, storeKey, result, kind.storeEvent());
            if (returned > 0) {
                ctx.changed(returned - 1);
            }
            return;
        }
        replyPoints(ctx.reply(), points.subList(0, returned), conversion, withDist, withHash, withCoord);
    }

    private static void replyPoints(ReplyWriter reply, List<GeoSearch.Point> points, double conversion,
                                    boolean withDist, boolean withHash, boolean withCoord) {
        int options = (withDist ? 1 : 0) + (withHash ? 1 : 0) + (withCoord ? 1 : 0);
        reply.arrayHeader(points.size());
        for (GeoSearch.Point point : points) {
            if (options > 0) {
                reply.arrayHeader(options + 1);
            }
            reply.bulk(point.member());
            if (withDist) {
                reply.bulk(Scores.formatFourDecimals(point.distance() / conversion));
            }
            if (withHash) {
                reply.integer((long) point.score());
            }
            if (withCoord) {
                reply.arrayHeader(2);
                reply.bulk(Scores.formatHuman(point.lon()));
                reply.bulk(Scores.formatHuman(point.lat()));
            }
        }
    }

    private static double[] memberPosition(SortedSetValue zset, byte[] member) {
        double score = zset.score(member);
        if (Double.isNaN(score)) {
            throw new ErrorReplyException(MEMBER_NOT_DECODABLE);
        }
        return GeoHash.decode(score);
    }

    /** A longitude then a latitude argument, in range, or Redis's errors. */
    private static double[] longitudeLatitude(CommandContext ctx, int index) {
        double lon = Scores.parseOrError(ctx.arg(index));
        double lat = Scores.parseOrError(ctx.arg(index + 1));
        if (!GeoHash.validCoordinates(lon, lat)) {
            throw new ErrorReplyException("ERR invalid longitude,latitude pair " + sixDecimals(lon) + ","
                    + sixDecimals(lat));
        }
        return new double[] {lon, lat};
    }

    /** C's {@code %f}. */
    private static String sixDecimals(double value) {
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        return new BigDecimal(value).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
    }

    private static double distance(byte[] argument, String notNumeric) {
        double distance = Scores.parseOrError(argument, notNumeric);
        if (distance < 0) {
            throw new ErrorReplyException("ERR radius cannot be negative");
        }
        return distance;
    }

    /** Metres per unit. */
    private static double unit(byte[] argument) {
        if (Ascii.equalsIgnoreCase(argument, "m")) {
            return 1;
        } else if (Ascii.equalsIgnoreCase(argument, "km")) {
            return 1000;
        } else if (Ascii.equalsIgnoreCase(argument, "ft")) {
            return 0.3048;
        } else if (Ascii.equalsIgnoreCase(argument, "mi")) {
            return 1609.34;
        }
        throw new ErrorReplyException("ERR unsupported unit provided. please use M, KM, FT, MI");
    }
}
