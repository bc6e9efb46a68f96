package dev.cinnabar.command.geo;

import dev.cinnabar.command.sortedsets.ScoreRange;
import dev.cinnabar.store.SortedSetValue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A search around a point, by radius or by box, as Redis's geo.c runs it: the shape's
 * bounding box picks a geohash precision, the centre cell and its eight neighbours (minus the
 * useless ones) become score ranges, and every member in them is checked against the shape.
 */
final class GeoSearch {

    /** A member found inside the shape, with its distance from the centre in metres. */
    record Point(byte[] member, double score, double lon, double lat, double distance) {
    }

    private final double lon;
    private final double lat;
    /** Metres per unit of the radius, width and height. */
    private final double conversion;
    private final boolean box;
    private final double radius;
    private final double width;
    private final double height;

    private GeoSearch(double lon, double lat, double conversion, boolean box, double radius, double width,
                      double height) {
        this.lon = lon;
        this.lat = lat;
        this.conversion = conversion;
        this.box = box;
        this.radius = radius;
        this.width = width;
        this.height = height;
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
            double distance = distanceIfInside(position[0], position[1]);
            if (distance >= 0) {
                found.add(new Point(Arrays.copyOfRange(member, from, from + length), score, position[0],
                        position[1], distance));
            }
            return !(limit > 0 && found.size() >= limit);
        });
    }

    /** The distance from the centre if the position is inside the shape, else -1. */
    private double distanceIfInside(double pointLon, double pointLat) {
        if (!box) {
            double distance = GeoHash.distance(lon, lat, pointLon, pointLat);
            return distance > radius * conversion ? -1 : distance;
        }
        double widthMeters = width * conversion;
        double heightMeters = height * conversion;
        if (GeoHash.latitudeDistance(pointLat, lat) > heightMeters / 2) {
            return -1;
        }
        if (GeoHash.distance(pointLon, pointLat, lon, pointLat) > widthMeters / 2) {
            return -1;
        }
        return GeoHash.distance(lon, lat, pointLon, pointLat);
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
