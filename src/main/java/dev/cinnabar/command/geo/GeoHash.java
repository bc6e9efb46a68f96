package dev.cinnabar.command.geo;

/**
 * Redis's geohash arithmetic: a position is the interleaving of its latitude bits (even
 * positions) and longitude bits (odd positions), each coordinate normalised over its range
 * and truncated to {@code step} bits; 26 steps give the 52-bit sorted set score. Latitudes
 * are limited to ±85.05112878 (Web Mercator). Distances are haversine on a sphere of
 * radius 6372797.560856 m.
 */
final class GeoHash {

    static final double LAT_MIN = -85.05112878;
    static final double LAT_MAX = 85.05112878;
    static final double LON_MIN = -180;
    static final double LON_MAX = 180;
    static final int STEP_MAX = 26;

    static final double EARTH_RADIUS_METERS = 6372797.560856;
    private static final double MERCATOR_MAX = 20037726.37;
    private static final double DEGREES_TO_RADIANS = Math.PI / 180.0;

    /** The cell of a hash: its bounds in degrees. */
    record Area(double lonMin, double lonMax, double latMin, double latMax) {
    }

    /** A hash of {@code step} steps; {@code step == 0} marks a neighbour excluded from a search. */
    record Bits(long bits, int step) {
        static final Bits NONE = new Bits(0, 0);

        boolean isNone() {
            return bits == 0 && step == 0;
        }
    }

    private GeoHash() {
    }

    static boolean validCoordinates(double lon, double lat) {
        return !(lon < LON_MIN || lon > LON_MAX || lat < LAT_MIN || lat > LAT_MAX);
    }

    /** The 52-bit score of a valid position. */
    static long score(double lon, double lat) {
        return encode(lon, lat, LON_MIN, LON_MAX, LAT_MIN, LAT_MAX, STEP_MAX);
    }

    static long encode(double lon, double lat, double lonMin, double lonMax, double latMin, double latMax, int step) {
        double latOffset = (lat - latMin) / (latMax - latMin) * (1L << step);
        double lonOffset = (lon - lonMin) / (lonMax - lonMin) * (1L << step);
        return interleave(truncatedToUnsigned32(latOffset), truncatedToUnsigned32(lonOffset));
    }

    /** C's conversion of a non-negative double to uint32_t: truncation. */
    private static long truncatedToUnsigned32(double value) {
        return ((long) value) & 0xFFFFFFFFL;
    }

    static long interleave(long latBits, long lonBits) {
        return spread(latBits) | (spread(lonBits) << 1);
    }

    private static long spread(long value) {
        long x = value & 0xFFFFFFFFL;
        x = (x | (x << 16)) & 0x0000FFFF0000FFFFL;
        x = (x | (x << 8)) & 0x00FF00FF00FF00FFL;
        x = (x | (x << 4)) & 0x0F0F0F0F0F0F0F0FL;
        x = (x | (x << 2)) & 0x3333333333333333L;
        x = (x | (x << 1)) & 0x5555555555555555L;
        return x;
    }

    private static long squash(long value) {
        long x = value & 0x5555555555555555L;
        x = (x | (x >>> 1)) & 0x3333333333333333L;
        x = (x | (x >>> 2)) & 0x0F0F0F0F0F0F0F0FL;
        x = (x | (x >>> 4)) & 0x00FF00FF00FF00FFL;
        x = (x | (x >>> 8)) & 0x0000FFFF0000FFFFL;
        x = (x | (x >>> 16)) & 0x00000000FFFFFFFFL;
        return x;
    }

    static Area area(Bits hash) {
        long latBits = squash(hash.bits());
        long lonBits = squash(hash.bits() >>> 1);
        double cells = 1L << hash.step();
        double latScale = LAT_MAX - LAT_MIN;
        double lonScale = LON_MAX - LON_MIN;
        return new Area(
                LON_MIN + (lonBits * 1.0 / cells) * lonScale,
                LON_MIN + ((lonBits + 1) * 1.0 / cells) * lonScale,
                LAT_MIN + (latBits * 1.0 / cells) * latScale,
                LAT_MIN + ((latBits + 1) * 1.0 / cells) * latScale);
    }

    /** The centre of the cell of a 52-bit score, as {longitude, latitude}. */
    static double[] decode(double score) {
        Area area = area(new Bits(toUnsigned64(score), STEP_MAX));
        double lon = Math.max(LON_MIN, Math.min(LON_MAX, (area.lonMin() + area.lonMax()) / 2));
        double lat = Math.max(LAT_MIN, Math.min(LAT_MAX, (area.latMin() + area.latMax()) / 2));
        return new double[] {lon, lat};
    }

    /**
     * C's {@code (uint64_t) score} as x86-64 compilers do it, for scores ZADD put outside the
     * 52-bit range: the signed conversion, or for 2^63 and up the signed conversion of the
     * excess with the top bit flipped (out-of-range conversions give 0x8000000000000000).
     */
    static long toUnsigned64(double score) {
        if (score < 0x1p63) {
            return (long) score;
        }
        double excess = score - 0x1p63;
        return (excess < 0x1p63 ? (long) excess : Long.MIN_VALUE) ^ Long.MIN_VALUE;
    }

    /** The standard 11-character geohash of a score (the cell centre re-encoded over ±90° latitude). */
    static String standardHash(double score) {
        String alphabet = "0123456789bcdefghjkmnpqrstuvwxyz";
        double[] position = decode(score);
        long bits = encode(position[0], position[1], -180, 180, -90, 90, STEP_MAX);
        char[] text = new char[11];
        for (int i = 0; i < 10; i++) {
            text[i] = alphabet.charAt((int) ((bits >>> (52 - (i + 1) * 5)) & 0x1F));
        }
        text[10] = '0';
        return new String(text);
    }

    /** Degrees to radians and back as Redis computes them (a division, not Java's multiplication). */
    static double radians(double degrees) {
        return degrees * DEGREES_TO_RADIANS;
    }

    static double degrees(double radians) {
        return radians / DEGREES_TO_RADIANS;
    }

    static double distance(double lon1, double lat1, double lon2, double lat2) {
        double lon1r = lon1 * DEGREES_TO_RADIANS;
        double lon2r = lon2 * DEGREES_TO_RADIANS;
        double v = Math.sin((lon2r - lon1r) / 2);
        if (v == 0.0) {
            return latitudeDistance(lat1, lat2);
        }
        double lat1r = lat1 * DEGREES_TO_RADIANS;
        double lat2r = lat2 * DEGREES_TO_RADIANS;
        double u = Math.sin((lat2r - lat1r) / 2);
        double a = u * u + Math.cos(lat1r) * Math.cos(lat2r) * v * v;
        return distanceOfHaversine(a);
    }

    /** The distance whose haversine term (the {@code a} of {@link #distance}) is {@code haversine}. */
    static double distanceOfHaversine(double haversine) {
        return 2.0 * EARTH_RADIUS_METERS * Math.asin(Math.sqrt(haversine));
    }

    /** The haversine term of a distance: the inverse of {@link #distanceOfHaversine}, up to rounding. */
    static double haversineOfDistance(double meters) {
        double halfAngle = Math.min(meters / (2.0 * EARTH_RADIUS_METERS), Math.PI / 2);
        double sine = Math.sin(halfAngle);
        return sine * sine;
    }

    static double latitudeDistance(double lat1, double lat2) {
        return EARTH_RADIUS_METERS * Math.abs(lat2 * DEGREES_TO_RADIANS - lat1 * DEGREES_TO_RADIANS);
    }

    /** How many steps the nine cells of a search of this radius use. */
    static int estimateSteps(double rangeMeters, double lat) {
        if (rangeMeters == 0) {
            return 26;
        }
        int step = 1;
        while (rangeMeters < MERCATOR_MAX) {
            rangeMeters *= 2;
            step++;
        }
        step -= 2;
        if (lat > 66 || lat < -66) {
            step--;
            if (lat > 80 || lat < -80) {
                step--;
            }
        }
        return Math.max(1, Math.min(26, step));
    }

    static Bits moveX(Bits hash, int direction) {
        long x = hash.bits() & 0xAAAAAAAAAAAAAAAAL;
        long y = hash.bits() & 0x5555555555555555L;
        long zz = 0x5555555555555555L >>> (64 - hash.step() * 2);
        if (direction > 0) {
            x = x + (zz + 1);
        } else {
            x = x | zz;
            x = x - (zz + 1);
        }
        x &= 0xAAAAAAAAAAAAAAAAL >>> (64 - hash.step() * 2);
        return new Bits(x | y, hash.step());
    }

    static Bits moveY(Bits hash, int direction) {
        long x = hash.bits() & 0xAAAAAAAAAAAAAAAAL;
        long y = hash.bits() & 0x5555555555555555L;
        long zz = 0xAAAAAAAAAAAAAAAAL >>> (64 - hash.step() * 2);
        if (direction > 0) {
            y = y + (zz + 1);
        } else {
            y = y | zz;
            y = y - (zz + 1);
        }
        y &= 0x5555555555555555L >>> (64 - hash.step() * 2);
        return new Bits(x | y, hash.step());
    }
}
