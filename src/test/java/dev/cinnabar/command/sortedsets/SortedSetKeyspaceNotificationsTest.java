package dev.cinnabar.command.sortedsets;

import dev.cinnabar.support.RawClient;
import dev.cinnabar.support.KeyspaceEventsTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * notify-keyspace-events for the sorted set and geo commands: the events, their order and
 * when none is published, as redis-server 7.0.15 publishes them.
 */
class SortedSetKeyspaceNotificationsTest extends KeyspaceEventsTest {

    private static final String PALERMO = "13.361389 38.115556 Palermo";
    private static final String CATANIA = "15.087269 37.502669 Catania";

    /** Runs the space-separated {@code command} and returns the events it published. */
    private List<String> events(String command) throws Exception {
        return events(command.split(" "));
    }

    @Test
    void zaddPublishesOnlyWhenSomethingChanged() throws Exception {
        assertThat(events("ZADD z 1 a 2 b")).containsExactly("zadd z");
        assertThat(events("ZADD z 1 a")).isEmpty();
        assertThat(events("ZADD z 5 a")).containsExactly("zadd z");
        assertThat(events("ZADD z NX 7 a")).isEmpty();
        assertThat(events("ZADD z NX 7 c")).containsExactly("zadd z");
        assertThat(events("ZADD z XX 8 d")).isEmpty();
        assertThat(events("ZADD z XX 8 a")).containsExactly("zadd z");
        assertThat(events("ZADD z XX CH 8 a")).isEmpty();
        assertThat(events("ZADD z GT 1 a")).isEmpty();
        assertThat(events("ZADD z LT 1 a")).containsExactly("zadd z");
        assertThat(events("ZADD missing XX 1 a")).isEmpty();
        assertThat(events("ZADD z 1 a x")).isEmpty();
        events("SET str v");
        assertThat(events("ZADD str 1 a")).isEmpty();
    }

    @Test
    void incrementsPublishZincr() throws Exception {
        events("ZADD z 1 a");
        assertThat(events("ZADD z INCR 1 a")).containsExactly("zincr z");
        assertThat(events("ZADD z NX INCR 1 a")).isEmpty();
        assertThat(events("ZADD z XX INCR 1 absent")).isEmpty();
        assertThat(events("ZADD z INCR 0 a")).isEmpty();
        assertThat(events("ZINCRBY z 1 a")).containsExactly("zincr z");
        assertThat(events("ZINCRBY z 0 a")).isEmpty();
        assertThat(events("ZINCRBY fresh 1 a")).containsExactly("zincr fresh");
        assertThat(events("ZADD z INCR inf a")).containsExactly("zincr z");
        assertThat(events("ZADD z INCR -inf a")).isEmpty();
    }

    @Test
    void zremPublishesZremThenDelWhenEmptied() throws Exception {
        events("ZADD r 1 a 2 b 3 c");
        assertThat(events("ZREM r x")).isEmpty();
        assertThat(events("ZREM r a x")).containsExactly("zrem r");
        assertThat(events("ZREM r b c")).containsExactly("zrem r", "del r");
        assertThat(events("ZREM r b")).isEmpty();
        assertThat(events("ZREM missing a")).isEmpty();
    }

    @Test
    void rangeRemovalsPublishTheirOwnEventThenDel() throws Exception {
        events("ZADD z 1 a 2 b 3 c 4 d 5 e");
        assertThat(events("ZREMRANGEBYSCORE z 10 20")).isEmpty();
        assertThat(events("ZREMRANGEBYSCORE z 1 1")).containsExactly("zremrangebyscore z");
        assertThat(events("ZREMRANGEBYRANK z 5 10")).isEmpty();
        assertThat(events("ZREMRANGEBYRANK z 0 0")).containsExactly("zremrangebyrank z");
        assertThat(events("ZREMRANGEBYLEX z [x [z")).isEmpty();
        assertThat(events("ZREMRANGEBYLEX z [c [c")).containsExactly("zremrangebylex z");
        assertThat(events("ZREMRANGEBYRANK z 0 -1")).containsExactly("zremrangebyrank z", "del z");
        assertThat(events("ZREMRANGEBYRANK missing 0 -1")).isEmpty();
        events("ZADD z 1 a 2 b");
        assertThat(events("ZREMRANGEBYSCORE z -inf +inf")).containsExactly("zremrangebyscore z", "del z");
        events("ZADD z 0 a 0 b");
        assertThat(events("ZREMRANGEBYLEX z - +")).containsExactly("zremrangebylex z", "del z");
    }

    @Test
    void popsPublishTheEndTheyPopThenDel() throws Exception {
        events("ZADD p 1 a 2 b 3 c 4 d");
        assertThat(events("ZPOPMIN p")).containsExactly("zpopmin p");
        assertThat(events("ZPOPMAX p")).containsExactly("zpopmax p");
        assertThat(events("ZPOPMIN p 0")).isEmpty();
        assertThat(events("ZPOPMIN missing")).isEmpty();
        assertThat(events("ZPOPMAX p 5")).containsExactly("zpopmax p", "del p");
        assertThat(events("ZPOPMIN p")).isEmpty();
        events("ZADD p 1 a 2 b 3 c");
        assertThat(events("ZMPOP 2 missing p MIN")).containsExactly("zpopmin p");
        assertThat(events("ZMPOP 1 p MAX COUNT 5")).containsExactly("zpopmax p", "del p");
        assertThat(events("ZMPOP 1 p MAX")).isEmpty();
        events("ZADD p 1 a 2 b 3 c");
        assertThat(events("BZPOPMIN missing p 0")).containsExactly("zpopmin p");
        assertThat(events("BZPOPMAX p 0")).containsExactly("zpopmax p");
        assertThat(events("BZMPOP 0 1 p MIN COUNT 1")).containsExactly("zpopmin p", "del p");
        assertThat(events("BZPOPMIN p 0.01")).isEmpty();
        assertThat(events("BZMPOP 0.01 1 p MIN")).isEmpty();
    }

    @Test
    void blockedPopsServedByZaddPublishAfterTheZadd() throws Exception {
        RawClient blocked = raw();
        blocked.command("BZPOPMIN", "bz", "0");
        awaitBlockedClients(1);
        assertThat(events("ZADD bz 1 a 2 b")).containsExactly("zadd bz", "zpopmin bz");
        assertThat(blocked.readReply()).isEqualTo("*3\r\n$2\r\nbz\r\n$1\r\na\r\n$1\r\n1\r\n");

        blocked.command("BZPOPMAX", "one", "0");
        awaitBlockedClients(1);
        assertThat(events("ZADD one 1 a")).containsExactly("zadd one", "zpopmax one", "del one");
        assertThat(blocked.readReply()).isEqualTo("*3\r\n$3\r\none\r\n$1\r\na\r\n$1\r\n1\r\n");

        blocked.command("BZMPOP", "0", "1", "many", "MAX", "COUNT", "5");
        awaitBlockedClients(1);
        assertThat(events("ZADD many 1 a 2 b")).containsExactly("zadd many", "zpopmax many", "del many");
        assertThat(blocked.readReply())
                .isEqualTo("*2\r\n$4\r\nmany\r\n*2\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n");
    }

    @Test
    void storeCommandsPublishOnTheDestinationOrOnlyDelWhenTheResultIsEmpty() throws Exception {
        events("ZADD a 1 x 2 y 3 z");
        events("ZADD b 2 y 3 z 4 w");
        assertThat(events("ZUNIONSTORE d 2 a b")).containsExactly("zunionstore d");
        assertThat(events("ZUNIONSTORE d 2 a b")).containsExactly("zunionstore d");
        assertThat(events("ZUNIONSTORE d 1 missing")).containsExactly("del d");
        assertThat(events("ZUNIONSTORE d 1 missing")).isEmpty();
        assertThat(events("ZINTERSTORE d 2 a b")).containsExactly("zinterstore d");
        assertThat(events("ZINTERSTORE d 2 a missing")).containsExactly("del d");
        assertThat(events("ZINTERSTORE d 2 a missing")).isEmpty();
        assertThat(events("ZDIFFSTORE d 2 a b")).containsExactly("zdiffstore d");
        assertThat(events("ZDIFFSTORE d 2 a a")).containsExactly("del d");
        assertThat(events("ZDIFFSTORE d 2 a a")).isEmpty();
        assertThat(events("ZRANGESTORE d a 0 1")).containsExactly("zrangestore d");
        assertThat(events("ZRANGESTORE d a 5 10")).containsExactly("del d");
        assertThat(events("ZRANGESTORE d a 5 10")).isEmpty();
        assertThat(events("ZRANGESTORE d a 0 -1")).containsExactly("zrangestore d");
        assertThat(events("ZRANGESTORE d missing 0 -1")).containsExactly("del d");
        assertThat(events("ZINTERSTORE a 2 a b")).containsExactly("zinterstore a");
        events("SET str v");
        assertThat(events("ZUNIONSTORE str 1 a")).containsExactly("zunionstore str");
        events("SADD s m");
        assertThat(events("ZUNIONSTORE d 1 s")).containsExactly("zunionstore d");
        assertThat(events("ZUNION 2 a b")).isEmpty();
        assertThat(events("ZRANGE a 0 -1")).isEmpty();
    }

    @Test
    void geoaddPublishesZaddWhenSomethingChanged() throws Exception {
        assertThat(events("GEOADD g " + PALERMO + " " + CATANIA)).containsExactly("zadd g");
        assertThat(events("GEOADD g " + PALERMO)).isEmpty();
        assertThat(events("GEOADD g NX " + PALERMO)).isEmpty();
        assertThat(events("GEOADD g XX 1 1 Palermo")).containsExactly("zadd g");
        assertThat(events("GEOADD g XX 1 1 Nowhere")).isEmpty();
        assertThat(events("GEOADD g CH 1 1 Palermo")).isEmpty();
        assertThat(events("GEOADD missing XX 1 1 Palermo")).isEmpty();
        assertThat(events("GEOADD g NX 2 2 Rome")).containsExactly("zadd g");
    }

    @Test
    void geoStoresPublishTheirEventOnTheDestinationOrOnlyDelWhenNothingIsFound() throws Exception {
        events("GEOADD g " + PALERMO + " " + CATANIA);
        assertThat(events("GEOSEARCHSTORE gd g FROMLONLAT 15 37 BYRADIUS 200 km ASC"))
                .containsExactly("geosearchstore gd");
        assertThat(events("GEOSEARCHSTORE gd g FROMLONLAT 15 37 BYRADIUS 200 km ASC STOREDIST"))
                .containsExactly("geosearchstore gd");
        assertThat(events("GEOSEARCHSTORE gd g FROMLONLAT 100 10 BYRADIUS 1 km")).containsExactly("del gd");
        assertThat(events("GEOSEARCHSTORE gd g FROMLONLAT 100 10 BYRADIUS 1 km")).isEmpty();
        assertThat(events("GEORADIUS g 15 37 200 km STORE gr")).containsExactly("georadiusstore gr");
        assertThat(events("GEORADIUS g 15 37 200 km STOREDIST gr")).containsExactly("georadiusstore gr");
        assertThat(events("GEORADIUSBYMEMBER g Catania 10 km STORE gr")).containsExactly("georadiusstore gr");
        assertThat(events("GEORADIUS g 100 10 1 km STORE gr")).containsExactly("del gr");
        assertThat(events("GEORADIUS g 100 10 1 km STORE gr")).isEmpty();
        events("GEOSEARCHSTORE gd g FROMLONLAT 15 37 BYRADIUS 200 km ASC");
        assertThat(events("GEOSEARCHSTORE gd missing FROMLONLAT 15 37 BYRADIUS 200 km ASC"))
                .containsExactly("del gd");
        events("GEORADIUS g 15 37 200 km STORE gr");
        assertThat(events("GEORADIUS missing 15 37 200 km STORE gr")).containsExactly("del gr");
        assertThat(events("GEOSEARCHSTORE gd g FROMMEMBER nosuch BYRADIUS 200 km ASC")).isEmpty();
        assertThat(events("GEOSEARCH g FROMLONLAT 15 37 BYRADIUS 200 km")).isEmpty();
        assertThat(events("GEORADIUS_RO g 15 37 200 km")).isEmpty();
    }

    @Test
    void eventsBelongToTheSortedSetClass() throws Exception {
        redis.configSet("notify-keyspace-events", "Eh");
        assertThat(events("ZADD z 1 a")).isEmpty();
        assertThat(events("GEOADD g " + PALERMO)).isEmpty();
        redis.configSet("notify-keyspace-events", "Ez");
        assertThat(events("ZADD z 2 b")).containsExactly("zadd z");
        assertThat(events("ZREM z a b")).containsExactly("zrem z");
        assertThat(events("GEOSEARCHSTORE gd g FROMLONLAT 15 37 BYRADIUS 500 km")).containsExactly("geosearchstore gd");
        redis.configSet("notify-keyspace-events", "Eg");
        assertThat(events("ZREM g Palermo")).containsExactly("del g");
        assertThat(events("ZUNIONSTORE gd 1 missing")).containsExactly("del gd");
    }
}
