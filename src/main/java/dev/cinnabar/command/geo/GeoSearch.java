package dev.cinnabar.command.geo;

import dev.cinnabar.command.sortedsets.ScoreRange;
import dev.cinnabar.store.SortedSetValue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A search around a point, by radius or by box, as Redis's geo.c runs it: the shape's
 * bounding box picks a geohash precision, the centre cell and its eight neighbours (minus the
 * useless ones) become score ranges, and every member in them is checked against the shape.
 */
final class GeoSearch {

    /**
     * A member found inside the shape. {@code order} grows with the distance from the centre:
     * for a radius search it is the haversine term, whose arc sine (the costly part) is taken
     * only for the points a reply shows; for a box search it is the distance itself.
     */
    static final class Point {
        private byte[] member;
        private final double score;
        private final double lon;
        private final double lat;
        private final double order;
        /** In metres; NaN until first asked for. */
        private double distance;

        private Point(byte[] member, double score, double lon, double lat, double order, double distance) {
            this.member = member;
            this.score = score;
            this.lon = lon;
            this.lat = lat;
            this.order = order;
            this.distance = distance;
        }

        byte[] member() {
            return member;
        }

        double score() {
            return score;
        }

        double lon() {
            return lon;
        }

        double lat() {
            return lat;
        }

        double distance() {
            if (Double.isNaN(distance)) {
                distance = GeoHash.distanceOfHaversine(order);
            }
            return distance;
        }
    }

    private static final Comparator<Point> NEAREST_FIRST = Comparator.comparingDouble(point -> point.order);

    /**
     * The first {@code count} (0: all) of {@code points} nearest first, or farthest first;
     * points as far as each other keep the order they were found in. With a count, a heap
     * keeps the best so far, so that the thousands of points a wide search finds are not all
     * sorted for a reply of ten.
     */
    static List<Point> ordered(List<Point> points, boolean farthestFirst, long count) {
        Comparator<Point> byDistance = farthestFirst ? NEAREST_FIRST.reversed() : NEAREST_FIRST;
        if (count == 0 || count >= points.size()) {
            List<Point> sorted = new ArrayList<>(points);
            sorted.sort(byDistance);
            return sorted;
        }
        Comparator<Integer> byRank = (a, b) -> {
            int compared = byDistance.compare(points.get(a), points.get(b));
            return compared != 0 ? compared : Integer.compare(a, b);
        };
        PriorityQueue<Integer> best = new PriorityQueue<>((int) count + 1, byRank.reversed());
        for (int i = 0; i < points.size(); i++) {
            if (best.size() < count) {
                best.add(i);
            } else if (byDistance.compare(points.get(i), points.get(best.peek())) < 0) {
                // Only a strictly nearer point displaces the worst: at the same distance the one found first stays.
                best.poll();
                best.add(i);
            }
        }
        List<Integer> ranks = new ArrayList<>(best);
        ranks.sort(byRank);
        List<Point> selected = new ArrayList<>(ranks.size());
        for (int rank : ranks) {
            selected.add(points.get(rank));
        }
        return selected;
    }

    private final double lon;
    private final double lat;
    /** Metres per unit of the radius, width and height. */
    private final double conversion;
    private final boolean box;
    private final double radius;
    private final double width;
    private final double height;
    /** The centre in radians and the cosine of its latitude, for the haversine of each candidate. */
    private final double lonRadians;
    private final double latRadians;
    private final double cosLat;
    /**
     * The haversine term of the radius: a point is inside when its own is below it, give or take
     * rounding, so the distance itself is only computed near the edge (as Redis computes it).
     */
    private final double radiusHaversine;

    /** Relative rounding allowance of the haversine comparison; the exact test decides within it. */
    private static final double EDGE = 1e-9;

    private GeoSearch(double lon, double lat, double conversion, boolean box, double radius, double width,
                      double height) {
        this.lon = lon;
        this.lat = lat;
        this.conversion = conversion;
        this.box = box;
        this.radius = radius;
        this.width = width;
        this.height = height;
        this.lonRadians = GeoHash.radians(lon);
        this.latRadians = GeoHash.radians(lat);
        this.cosLat = Math.cos(latRadians);
        this.radiusHaversine = GeoHash.haversineOfDistance(radius * conversion);
    }

    static GeoSearch byRadius(double lon, double lat, double radius, double conversion) {
        return new GeoSearch(lon, lat, conversion, false, radius, 0, 0);
    }

    static GeoSearch byBox(double lon, double lat, double width, double height, double conversion) {
        return new GeoSearch(lon, lat, conversion, true, 0, width, height);
    }

    double conversion() {
        return conversion;
    }

    /** The members inside the shape, in the order the cells are visited; stops at {@code limit} (0: all). */
    List<Point> run(SortedSetValue zset, long limit) {
        List<Point> found = new ArrayList<>();
        GeoHash.Bits[] cells = cells();
        int lastProcessed = -1;
        for (int i = 0; i < cells.length; i++) {
            GeoHash.Bits cell = cells[i];
            if (cell.isNone()) {
                continue;
            }
            if (lastProcessed > 0 && cell.equals(cells[lastProcessed])) {
                continue;
            }
            if (!found.isEmpty() && limit > 0 && found.size() >= limit) {
                break;
            }
            collect(zset, cell, found, limit);
            lastProcessed = i;
        }
        return found;
    }

    private void collect(SortedSetValue zset, GeoHash.Bits cell, List<Point> found, long limit) {
        int shift = 52 - cell.step() * 2;
        double min = (double) (cell.bits() << shift);
        double max = (double) ((cell.bits() + 1) << shift);
        ScoreRange range = ScoreRange.halfOpen(min, max);
        int first = zset.countWhile(range.belowMin());
        if (first >= zset.size()) {
            return;
        }
        zset.visit(first, false, (member, from, length, score) -> {
            if (!(score < max)) {
                return false;
            }
            double[] position = GeoHash.decode(score);
            Point point = box ? insideBox(position[0], position[1], score) : insideRadius(position[0], position[1], score);
            if (point != null) {
                point.member = Arrays.copyOfRange(member, from, from + length);
                found.add(point);
            }
            return !(limit > 0 && found.size() >= limit);
        });
    }

    /** The point if it lies within the radius, else null: Redis's distance test, the arc sine spared. */
    private Point insideRadius(double pointLon, double pointLat, double score) {
        double v = Math.sin((GeoHash.radians(pointLon) - lonRadians) / 2);
        if (v == 0.0) {
            double distance = GeoHash.latitudeDistance(lat, pointLat);
            return distance > radius * conversion ? null
                    : new Point(null, score, pointLon, pointLat, GeoHash.haversineOfDistance(distance), distance);
        }
        double u = Math.sin((GeoHash.radians(pointLat) - latRadians) / 2);
        double haversine = u * u + cosLat * Math.cos(GeoHash.radians(pointLat)) * v * v;
        if (haversine > radiusHaversine * (1 + EDGE) || haversine >= radiusHaversine * (1 - EDGE)
                && GeoHash.distanceOfHaversine(haversine) > radius * conversion) {
            return null;
        }
        return new Point(null, score, pointLon, pointLat, haversine, Double.NaN);
    }

    /** The point if it lies within the box, else null. */
    private Point insideBox(double pointLon, double pointLat, double score) {
        double widthMeters = width * conversion;
        double heightMeters = height * conversion;
        if (GeoHash.latitudeDistance(pointLat, lat) > heightMeters / 2) {
            return null;
        }
        if (GeoHash.distance(pointLon, pointLat, lon, pointLat) > widthMeters / 2) {
            return null;
        }
        double distance = GeoHash.distance(lon, lat, pointLon, pointLat);
        return new Point(null, score, pointLon, pointLat, distance, distance);
    }

    /** The centre cell then north, south, east, west, north-east, north-west, south-east, south-west. */
    private GeoHash.Bits[] cells() {
        double halfHeight = conversion * (box ? height / 2 : radius);
        double halfWidth = conversion * (box ? width / 2 : radius);
        double latDelta = GeoHash.degrees(halfHeight / GeoHash.EARTH_RADIUS_METERS);
        double lonDeltaTop = GeoHash.degrees(halfWidth / GeoHash.EARTH_RADIUS_METERS
                / Math.cos(GeoHash.radians(lat + latDelta)));
        double lonDeltaBottom = GeoHash.degrees(halfWidth / GeoHash.EARTH_RADIUS_METERS
                / Math.cos(GeoHash.radians(lat - latDelta)));
        boolean southern = lat < 0;
        double minLon = southern ? lon - lonDeltaBottom : lon - lonDeltaTop;
        double maxLon = southern ? lon + lonDeltaBottom : lon + lonDeltaTop;
        double minLat = lat - latDelta;
        double maxLat = lat + latDelta;

        double radiusMeters = box ? Math.sqrt((width / 2) * (width / 2) + (height / 2) * (height / 2)) : radius;
        radiusMeters *= conversion;
        int steps = GeoHash.estimateSteps(radiusMeters, lat);
        GeoHash.Bits hash = new GeoHash.Bits(GeoHash.encode(lon, lat, GeoHash.LON_MIN, GeoHash.LON_MAX,
                GeoHash.LAT_MIN, GeoHash.LAT_MAX, steps), steps);
        GeoHash.Bits[] neighbours = neighbours(hash);
        GeoHash.Area area = GeoHash.area(hash);

        boolean decrease = GeoHash.area(neighbours[0]).latMax() < maxLat
                || GeoHash.area(neighbours[1]).latMin() > minLat
                || GeoHash.area(neighbours[2]).lonMax() < maxLon
                || GeoHash.area(neighbours[3]).lonMin() > minLon;
        if (steps > 1 && decrease) {
            steps--;
            hash = new GeoHash.Bits(GeoHash.encode(lon, lat, GeoHash.LON_MIN, GeoHash.LON_MAX,
                    GeoHash.LAT_MIN, GeoHash.LAT_MAX, steps), steps);
            neighbours = neighbours(hash);
            area = GeoHash.area(hash);
        }
        if (steps >= 2) {
            if (area.latMin() < minLat) {
                neighbours[1] = neighbours[6] = neighbours[7] = GeoHash.Bits.NONE;
            }
            if (area.latMax() > maxLat) {
                neighbours[0] = neighbours[4] = neighbours[5] = GeoHash.Bits.NONE;
            }
            if (area.lonMin() < minLon) {
                neighbours[3] = neighbours[7] = neighbours[5] = GeoHash.Bits.NONE;
            }
            if (area.lonMax() > maxLon) {
                neighbours[2] = neighbours[6] = neighbours[4] = GeoHash.Bits.NONE;
            }
        }
        GeoHash.Bits[] cells = new GeoHash.Bits[9];
        cells[0] = hash;
        System.arraycopy(neighbours, 0, cells, 1, 8);
        return cells;
    }

    /** North, south, east, west, north-east, north-west, south-east, south-west. */
    private static GeoHash.Bits[] neighbours(GeoHash.Bits hash) {
        GeoHash.Bits north = GeoHash.moveY(hash, 1);
        GeoHash.Bits south = GeoHash.moveY(hash, -1);
        GeoHash.Bits east = GeoHash.moveX(hash, 1);
        GeoHash.Bits west = GeoHash.moveX(hash, -1);
        return new GeoHash.Bits[] {
            north, south, east, west,
            GeoHash.moveY(east, 1), GeoHash.moveY(west, 1),
            GeoHash.moveY(east, -1), GeoHash.moveY(west, -1)
        };
    }
}
