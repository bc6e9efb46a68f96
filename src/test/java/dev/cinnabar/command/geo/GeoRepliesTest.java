package dev.cinnabar.command.geo;

import dev.cinnabar.support.RawClient;
import dev.cinnabar.support.ServerTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every geo command's replies and errors, byte for byte as redis-server 7.0.15 answers the
 * same requests (the expected replies were recorded from it).
 */
class GeoRepliesTest extends ServerTest {

    private RawClient client;

    private void expect(String reply, String... command) throws Exception {
        if (client == null) {
            client = raw();
        }
        assertThat(client.command(command).readReply()).as(String.join(" ", command)).isEqualTo(reply);
    }

    /** GEOADD scores members with their 52-bit geohash, with NX, XX and CH */
    @Test
    void geoaddStoresGeohashScores() throws Exception {
        expect(":2\r\n", "geoadd", "g", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania");
        expect("*4\r\n$7\r\nPalermo\r\n$16\r\n3479099956230698\r\n$7\r\nCatania\r\n$16\r\n3479447370796909\r\n", "zrange", "g", "0", "-1", "withscores");
        expect(":1\r\n", "geoadd", "g", "ch", "13.361389", "38.115556", "Palermo", "1", "2", "New");
        expect(":1\r\n", "geoadd", "g", "nx", "ch", "1", "3", "New", "2", "3", "Newer");
        expect(":1\r\n", "geoadd", "g", "xx", "ch", "1", "4", "New", "5", "5", "Nonexist");
        expect(":0\r\n", "geoadd", "nokey", "xx", "1", "3", "a");
        expect(":0\r\n", "exists", "nokey");
        expect("*8\r\n$5\r\nNewer\r\n$16\r\n3378964761752270\r\n$3\r\nNew\r\n$16\r\n3379111213931686\r\n$7\r\nPalermo\r\n$16\r\n3479099956230698\r\n$7\r\nCatania\r\n$16\r\n3479447370796909\r\n", "zrange", "g", "0", "-1", "withscores");
    }

    /** range errors name the pair as Redis prints it; syntax errors */
    @Test
    void geoaddRejectsBadCoordinatesAndArguments() throws Exception {
        expect("-ERR invalid longitude,latitude pair 200.000000,10.000000\r\n", "geoadd", "g", "200", "10", "x");
        expect("-ERR invalid longitude,latitude pair 10.000000,86.000000\r\n", "geoadd", "g", "10", "86", "x");
        expect("-ERR invalid longitude,latitude pair -180.500000,10.000000\r\n", "geoadd", "g", "-180.5", "10", "x");
        expect("-ERR invalid longitude,latitude pair 10.000000,-85.060000\r\n", "geoadd", "g", "10", "-85.06", "x");
        expect("-ERR invalid longitude,latitude pair 1.500000,-500.000000\r\n", "geoadd", "g", "1.5", "-500", "x");
        expect("-ERR value is not a valid float\r\n", "geoadd", "g", "abc", "10", "x");
        expect("-ERR syntax error\r\n", "geoadd", "g", "xx", "nx", "10", "20", "x");
        expect("-ERR syntax error\r\n", "geoadd", "g", "ch", "ch", "ch");
        expect("-ERR syntax error\r\n", "geoadd", "g", "ch", "10", "20", "x", "30");
        expect("-ERR invalid longitude,latitude pair 10.000000,200.000000\r\n", "geoadd", "g", "10", "20", "x", "10", "200", "y");
        expect(":0\r\n", "exists", "g");
        expect("+OK\r\n", "set", "s", "v");
        expect("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", "geoadd", "s", "1", "2", "x");
    }

    /** positions, distances in every unit and standard geohashes, nulls for missing members */
    @Test
    void geoposGeodistGeohash() throws Exception {
        expect(":2\r\n", "geoadd", "g", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania");
        expect("*3\r\n*2\r\n$20\r\n13.36138933897018433\r\n$20\r\n38.11555639549629859\r\n*2\r\n$20\r\n15.08726745843887329\r\n$20\r\n37.50266842333162032\r\n*-1\r\n", "geopos", "g", "Palermo", "Catania", "nope");
        expect("*2\r\n*-1\r\n*-1\r\n", "geopos", "nokey", "a", "b");
        expect("$11\r\n166274.1516\r\n", "geodist", "g", "Palermo", "Catania");
        expect("$8\r\n166.2742\r\n", "geodist", "g", "Palermo", "Catania", "km");
        expect("$8\r\n103.3182\r\n", "geodist", "g", "Palermo", "Catania", "mi");
        expect("$11\r\n545518.8700\r\n", "geodist", "g", "Palermo", "Catania", "FT");
        expect("-ERR unsupported unit provided. please use M, KM, FT, MI\r\n", "geodist", "g", "Palermo", "Catania", "yd");
        expect("$-1\r\n", "geodist", "g", "Palermo", "nope");
        expect("$-1\r\n", "geodist", "nokey", "a", "b");
        expect("-ERR syntax error\r\n", "geodist", "g", "Palermo", "Catania", "km", "extra");
        expect("$6\r\n0.0000\r\n", "geodist", "g", "Palermo", "Palermo");
        expect("*3\r\n$11\r\nsqc8b49rny0\r\n$11\r\nsqdtr74hyu0\r\n$-1\r\n", "geohash", "g", "Palermo", "Catania", "nope");
        expect("*1\r\n$-1\r\n", "geohash", "nokey", "a");
        expect(":3\r\n", "zadd", "weird", "1e20", "a", "-5", "b", "0.5", "c");
        expect("*3\r\n*2\r\n$22\r\n-179.99999731779098511\r\n$21\r\n-85.05112751263942528\r\n*2\r\n$3\r\n180\r\n$19\r\n85.0511287799999991\r\n*2\r\n$22\r\n-179.99999731779098511\r\n$21\r\n-85.05112751263942528\r\n", "geopos", "weird", "a", "b", "c");
        expect("*3\r\n$11\r\n00bh0hbj200\r\n$11\r\nbp05b5048p0\r\n$11\r\n00bh0hbj200\r\n", "geohash", "weird", "a", "b", "c");
    }

    /** GEOSEARCH around a point or member, sorted, counted, with distance, hash and coordinates */
    @Test
    void geosearchByRadiusAndBox() throws Exception {
        expect(":9\r\n", "geoadd", "g", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania", "13.583333", "37.316667", "Agrigento", "2.3522", "48.8566", "Paris", "-122.4194", "37.7749", "SF", "151.2093", "-33.8688", "Sydney", "0", "0", "Null", "179.99", "85", "Edge", "-179.99", "-85", "Edge2");
        expect("*3\r\n$7\r\nCatania\r\n$9\r\nAgrigento\r\n$7\r\nPalermo\r\n", "geosearch", "g", "fromlonlat", "15", "37", "byradius", "200", "km", "asc");
        expect("*3\r\n*4\r\n$7\r\nPalermo\r\n$8\r\n190.4424\r\n:3479099956230698\r\n*2\r\n$20\r\n13.36138933897018433\r\n$20\r\n38.11555639549629859\r\n*4\r\n$9\r\nAgrigento\r\n$8\r\n130.4235\r\n:3479030013248308\r\n*2\r\n$19\r\n13.5833314061164856\r\n$20\r\n37.31666804993816555\r\n*4\r\n$7\r\nCatania\r\n$7\r\n56.4413\r\n:3479447370796909\r\n*2\r\n$20\r\n15.08726745843887329\r\n$20\r\n37.50266842333162032\r\n", "geosearch", "g", "fromlonlat", "15", "37", "byradius", "200", "km", "desc", "withcoord", "withdist", "withhash");
        expect("*2\r\n*2\r\n$9\r\nAgrigento\r\n$7\r\n90.9778\r\n*2\r\n$7\r\nPalermo\r\n$6\r\n0.0000\r\n", "geosearch", "g", "frommember", "Palermo", "byradius", "100", "km", "withdist");
        expect("*3\r\n*2\r\n$7\r\nPalermo\r\n$6\r\n0.0000\r\n*2\r\n$9\r\nAgrigento\r\n$7\r\n90.9778\r\n*2\r\n$7\r\nCatania\r\n$8\r\n166.2742\r\n", "geosearch", "g", "frommember", "Palermo", "bybox", "400", "400", "km", "asc", "withdist");
        expect("*2\r\n$7\r\nPalermo\r\n$9\r\nAgrigento\r\n", "geosearch", "g", "frommember", "Palermo", "bybox", "400", "400", "km", "count", "2");
        expect("*1\r\n$9\r\nAgrigento\r\n", "geosearch", "g", "frommember", "Palermo", "bybox", "400", "400", "km", "count", "1", "any");
        expect("*9\r\n$7\r\nCatania\r\n$9\r\nAgrigento\r\n$7\r\nPalermo\r\n$5\r\nParis\r\n$4\r\nNull\r\n$4\r\nEdge\r\n$2\r\nSF\r\n$5\r\nEdge2\r\n$6\r\nSydney\r\n", "geosearch", "g", "fromlonlat", "15", "37", "byradius", "20000", "km", "asc");
        expect("*0\r\n", "geosearch", "g", "fromlonlat", "15", "37", "byradius", "0", "km", "asc");
        expect("*1\r\n*2\r\n$4\r\nNull\r\n*2\r\n$19\r\n0.00000268220901489\r\n$19\r\n0.00000126736058093\r\n", "geosearch", "g", "fromlonlat", "0", "0", "byradius", "1", "m", "withcoord");
        expect("*1\r\n*2\r\n$4\r\nEdge\r\n$8\r\n111.7217\r\n", "geosearch", "g", "fromlonlat", "179", "84", "byradius", "500", "km", "withdist");
        expect("*6\r\n$7\r\nCatania\r\n$9\r\nAgrigento\r\n$7\r\nPalermo\r\n$5\r\nParis\r\n$4\r\nNull\r\n$4\r\nEdge\r\n", "geosearch", "g", "fromlonlat", "15", "37", "bybox", "20000", "20000", "km", "asc");
        expect("*2\r\n*2\r\n$7\r\nCatania\r\n$7\r\n35.0711\r\n*2\r\n$9\r\nAgrigento\r\n$7\r\n81.0416\r\n", "geosearch", "g", "fromlonlat", "15", "37", "bybox", "300", "100", "mi", "asc", "withdist");
        expect("*0\r\n", "geosearch", "nokey", "frommember", "nope", "byradius", "100", "km");
    }

    /** GEOSEARCH's option errors, in Redis's order */
    @Test
    void geosearchErrors() throws Exception {
        expect(":1\r\n", "geoadd", "g", "13.361389", "38.115556", "Palermo");
        expect("-ERR could not decode requested zset member\r\n", "geosearch", "g", "frommember", "nope", "byradius", "100", "km");
        expect("-ERR wrong number of arguments for 'geosearch' command\r\n", "geosearch", "g", "byradius", "100", "km");
        expect("-ERR wrong number of arguments for 'geosearch' command\r\n", "geosearch", "g", "frommember", "Palermo", "count", "1");
        expect("-ERR syntax error\r\n", "geosearch", "g", "frommember", "Palermo", "fromlonlat", "1", "2", "byradius", "1", "km");
        expect("-ERR syntax error\r\n", "geosearch", "g", "frommember", "Palermo", "byradius", "1", "km", "bybox", "1", "1", "km");
        expect("-ERR radius cannot be negative\r\n", "geosearch", "g", "frommember", "Palermo", "byradius", "-1", "km");
        expect("-ERR need numeric radius\r\n", "geosearch", "g", "frommember", "Palermo", "byradius", "x", "km");
        expect("-ERR unsupported unit provided. please use M, KM, FT, MI\r\n", "geosearch", "g", "frommember", "Palermo", "byradius", "1", "yd");
        expect("-ERR height or width cannot be negative\r\n", "geosearch", "g", "frommember", "Palermo", "bybox", "-1", "1", "km");
        expect("-ERR need numeric width\r\n", "geosearch", "g", "frommember", "Palermo", "bybox", "x", "1", "km");
        expect("-ERR need numeric height\r\n", "geosearch", "g", "frommember", "Palermo", "bybox", "1", "x", "km");
        expect("-ERR the ANY argument requires COUNT argument\r\n", "geosearch", "g", "frommember", "Palermo", "byradius", "1", "km", "any");
        expect("-ERR COUNT must be > 0\r\n", "geosearch", "g", "frommember", "Palermo", "byradius", "1", "km", "count", "0");
        expect("-ERR value is not an integer or out of range\r\n", "geosearch", "g", "frommember", "Palermo", "byradius", "1", "km", "count", "x");
        expect("-ERR syntax error\r\n", "geosearch", "g", "frommember", "Palermo", "byradius", "1", "km", "store", "x");
        expect("-ERR invalid longitude,latitude pair 200.000000,1.000000\r\n", "geosearch", "g", "fromlonlat", "200", "1", "byradius", "1", "km");
        expect("*1\r\n$7\r\nPalermo\r\n", "GEOSEARCH", "g", "FROMlonlat", "15", "37", "byradius", "200", "km");
        expect("+OK\r\n", "set", "s", "v");
        expect("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", "geosearch", "s", "fromlonlat", "15", "37", "byradius", "200", "km");
    }

    /** results stored with geohash scores or distances; an empty result deletes the destination */
    @Test
    void geosearchstoreAndGeoradiusStore() throws Exception {
        expect(":3\r\n", "geoadd", "g", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania", "13.583333", "37.316667", "Agrigento");
        expect(":3\r\n", "geosearchstore", "d", "g", "fromlonlat", "15", "37", "byradius", "200", "km", "asc");
        expect("*6\r\n$9\r\nAgrigento\r\n$16\r\n3479030013248308\r\n$7\r\nPalermo\r\n$16\r\n3479099956230698\r\n$7\r\nCatania\r\n$16\r\n3479447370796909\r\n", "zrange", "d", "0", "-1", "withscores");
        expect(":2\r\n", "geosearchstore", "d", "g", "fromlonlat", "15", "37", "byradius", "200", "km", "asc", "count", "2", "storedist");
        expect("*4\r\n$7\r\nCatania\r\n$18\r\n56.441257870158204\r\n$9\r\nAgrigento\r\n$18\r\n130.42348706714702\r\n", "zrange", "d", "0", "-1", "withscores");
        expect("-ERR GEOSEARCHSTORE is not compatible with WITHDIST, WITHHASH and WITHCOORD options\r\n", "geosearchstore", "d", "g", "fromlonlat", "15", "37", "byradius", "200", "km", "withdist");
        expect(":0\r\n", "geosearchstore", "d", "g", "fromlonlat", "15", "37", "byradius", "1", "m");
        expect(":0\r\n", "exists", "d");
        expect(":3\r\n", "georadius", "g", "15", "37", "200", "km", "store", "d");
        expect("*6\r\n$9\r\nAgrigento\r\n$16\r\n3479030013248308\r\n$7\r\nPalermo\r\n$16\r\n3479099956230698\r\n$7\r\nCatania\r\n$16\r\n3479447370796909\r\n", "zrange", "d", "0", "-1", "withscores");
        expect(":3\r\n", "georadius", "g", "15", "37", "200", "km", "storedist", "d");
        expect("*6\r\n$7\r\nCatania\r\n$18\r\n56.441257870158204\r\n$9\r\nAgrigento\r\n$18\r\n130.42348706714702\r\n$7\r\nPalermo\r\n$18\r\n190.44242984775784\r\n", "zrange", "d", "0", "-1", "withscores");
        expect(":0\r\n", "geosearchstore", "d", "nokey", "fromlonlat", "15", "37", "byradius", "1", "m");
        expect(":0\r\n", "exists", "d");
        expect("-ERR STORE option in GEORADIUS is not compatible with WITHDIST, WITHHASH and WITHCOORD options\r\n", "georadius", "g", "15", "37", "200", "km", "store", "d", "withdist");
        expect("-ERR syntax error\r\n", "georadius_ro", "g", "15", "37", "200", "km", "store", "d");
    }

    /** GEORADIUS, GEORADIUSBYMEMBER and their read-only variants */
    @Test
    void georadiusForms() throws Exception {
        expect(":3\r\n", "geoadd", "g", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania", "13.583333", "37.316667", "Agrigento");
        expect("*3\r\n*2\r\n$7\r\nCatania\r\n$7\r\n56.4413\r\n*2\r\n$9\r\nAgrigento\r\n$8\r\n130.4235\r\n*2\r\n$7\r\nPalermo\r\n$8\r\n190.4424\r\n", "georadius", "g", "15", "37", "200", "km", "withdist", "asc");
        expect("*2\r\n*4\r\n$7\r\nPalermo\r\n$8\r\n190.4424\r\n:3479099956230698\r\n*2\r\n$20\r\n13.36138933897018433\r\n$20\r\n38.11555639549629859\r\n*4\r\n$9\r\nAgrigento\r\n$8\r\n130.4235\r\n:3479030013248308\r\n*2\r\n$19\r\n13.5833314061164856\r\n$20\r\n37.31666804993816555\r\n", "georadius", "g", "15", "37", "200", "km", "withdist", "withcoord", "withhash", "count", "2", "desc");
        expect("-ERR radius cannot be negative\r\n", "georadius", "g", "15", "37", "-1", "km");
        expect("-ERR unsupported unit provided. please use M, KM, FT, MI\r\n", "georadius", "g", "15", "37", "200", "lightyears");
        expect("-ERR invalid longitude,latitude pair 200.000000,37.000000\r\n", "georadius", "g", "200", "37", "200", "km");
        expect("*3\r\n*2\r\n$9\r\nAgrigento\r\n$8\r\n130.4235\r\n*2\r\n$7\r\nPalermo\r\n$8\r\n190.4424\r\n*2\r\n$7\r\nCatania\r\n$7\r\n56.4413\r\n", "georadius_ro", "g", "15", "37", "200", "km", "withdist");
        expect("*3\r\n*2\r\n$7\r\nPalermo\r\n$6\r\n0.0000\r\n*2\r\n$9\r\nAgrigento\r\n$7\r\n90.9778\r\n*2\r\n$7\r\nCatania\r\n$8\r\n166.2742\r\n", "georadiusbymember", "g", "Palermo", "200", "km", "withdist", "asc");
        expect("-ERR could not decode requested zset member\r\n", "georadiusbymember", "g", "nope", "200", "km");
        expect("*0\r\n", "georadiusbymember", "nokey", "nope", "200", "km");
        expect(":0\r\n", "georadiusbymember", "nokey", "nope", "200", "km", "store", "d");
        expect("*1\r\n$7\r\nPalermo\r\n", "georadiusbymember_ro", "g", "Palermo", "200", "km", "count", "1");
        expect("-ERR syntax error\r\n", "georadius", "g", "15", "37", "200", "km", "frommember", "x");
    }

}
