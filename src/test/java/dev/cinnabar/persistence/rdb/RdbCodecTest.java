package dev.cinnabar.persistence.rdb;

import dev.cinnabar.store.Database;
import dev.cinnabar.store.HashValue;
import dev.cinnabar.store.KeyValueStore;
import dev.cinnabar.store.KeyspaceClock;
import dev.cinnabar.store.ListValue;
import dev.cinnabar.store.SetValue;
import dev.cinnabar.store.SortedSetLimits;
import dev.cinnabar.store.SortedSetValue;
import dev.cinnabar.store.StreamId;
import dev.cinnabar.store.StreamValue;
import dev.cinnabar.support.RdbFileBuilder;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import static dev.cinnabar.persistence.rdb.ValueDescriptions.describe;
import static dev.cinnabar.persistence.rdb.ValueDescriptions.keyspace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RdbCodecTest {

    private static final long YEAR_2032 = 1956528000000L;
    private static final long YEAR_2022 = 1640995200000L;

    static KeyValueStore newStore() {
        return new KeyValueStore(16, KeyspaceClock.SYSTEM);
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = RdbCodecTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    static RdbLoader.Result load(byte[] data, KeyValueStore store) throws IOException {
        return RdbLoader.load(new ByteArrayInputStream(data), store, ValueLimits.redisDefaults(),
                System.currentTimeMillis(), true);
    }

    static byte[] save(KeyValueStore store) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new RdbWriter().writeAll(store, Map.of("redis-ver", "7.0.15"), true, out);
        return out.toByteArray();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Object value(KeyValueStore store, int db, String key) {
        return store.database(db).get(bytes(key));
    }

    @Test
    void crc64IsTheJonesVariantRedisUses() {
        byte[] check = bytes("123456789");
        assertThat(Crc64.of(check, 0, check.length)).isEqualTo(0xe9c6d914c4b8d9caL);
        byte[] longer = new byte[1000];
        new Random(7).nextBytes(longer);
        long whole = Crc64.of(longer, 0, longer.length);
        assertThat(Crc64.update(Crc64.of(longer, 0, 333), longer, 333, 667)).isEqualTo(whole);
    }

    @Test
    void lzfRoundTripsCompressibleAndRandomData() {
        Random random = new Random(3);
        int[] table = Lzf.newTable();
        for (int round = 0; round < 200; round++) {
            byte[] input = new byte[1 + random.nextInt(5000)];
            for (int i = 0; i < input.length; i++) {
                input[i] = (byte) (round % 2 == 0 ? 'a' + random.nextInt(3) : random.nextInt());
            }
            byte[] output = new byte[input.length + input.length / 16 + 64];
            int length = Lzf.compress(input, 0, input.length, output, output.length, table);
            assertThat(length).isPositive();
            assertThat(Lzf.decompress(output, 0, length, input.length)).isEqualTo(input);
        }
        byte[] random64 = new byte[64];
        random.nextBytes(random64);
        assertThat(Lzf.compress(random64, 0, 64, new byte[60], 60, table)).as("incompressible").isZero();
    }

    @Test
    void loadsEveryTypeAndEncodingRedis7Wrote() throws IOException {
        KeyValueStore store = newStore();
        RdbLoader.Result result = load(resource("redis-7.0-all-types.rdb"), store);

        assertThat(result.version()).isEqualTo(10);
        assertThat(result.auxFields()).containsEntry("redis-ver", "7.0.15").containsEntry("redis-bits", "64");
        assertThat(result.keysExpired()).as("exp:gone had expired").isEqualTo(1);
        assertThat(result.keysLoaded()).isEqualTo(31);
        assertThat(describe(value(store, 0, "str:int"))).isEqualTo("string 12345");
        assertThat(describe(value(store, 0, "str:bigint"))).isEqualTo("string 9223372036854775807");
        assertThat(describe(value(store, 0, "str:negint"))).isEqualTo("string -42");
        assertThat(describe(value(store, 0, "str:lzf"))).isEqualTo("string " + "abc".repeat(150));
        assertThat((byte[]) value(store, 0, "str:binary")).containsExactly(1, 2, 0xff);
        assertThat(describe(value(store, 0, "list:small")))
                .isEqualTo("list [a, b, c, 1, 2, 300, -5, 70000, 4294967296, hello world]");
        assertThat(((ListValue) value(store, 0, "list:big")).size()).isEqualTo(3000);
        assertThat(describe(value(store, 0, "set:intset"))).isEqualTo("set(intset) [-100, 1, 2, 3, 4294967296, 65536]");
        assertThat(((SetValue) value(store, 0, "set:bigints")).size()).isEqualTo(600);
        assertThat(((SetValue) value(store, 0, "set:big")).encoding()).isEqualTo("hashtable");
        assertThat(describe(value(store, 0, "zset:small"))).isEqualTo(
                "zset(listpack) [e=-Infinity, c=-3.0, f=0.0, a=1.0, b=2.5, g=100.0, d=Infinity]");
        SortedSetValue bigZset = (SortedSetValue) value(store, 0, "zset:big");
        assertThat(bigZset.encoding()).isEqualTo("skiplist");
        assertThat(bigZset.score(bytes("member-500"))).isEqualTo(500.25);
        assertThat(describe(value(store, 0, "hash:small"))).isEqualTo("hash(listpack) {f1=v1, f2=2, f3=, num=123456789}");
        assertThat(((HashValue) value(store, 0, "hash:big")).size()).isEqualTo(1000);
        assertThat(describe(value(store, 0, "stream:plain"))).isEqualTo("stream length=3 last=3-0 first=1-1 "
                + "maxDeleted=1-2 added=4 entries=[1-1[a, 1, b, 2] 2-0[c, 5] 3-0[a, 1, b, 2] ] groups=[]");
        StreamValue stream = (StreamValue) value(store, 0, "stream:big");
        assertThat(stream.length()).isEqualTo(250);
        assertThat(stream.group(bytes("g1")).pending()).hasSize(4);
        assertThat(stream.group(bytes("g1")).consumers()).hasSize(3);
        assertThat(stream.group(bytes("g1")).consumer(bytes("alice")).pending().keySet())
                .containsExactly(new StreamId(1002, 0), new StreamId(1003, 0));
        assertThat(stream.group(bytes("g2")).lastDelivered()).isEqualTo(new StreamId(1250, 0));
        assertThat(store.database(0).expireAt(bytes("str:ttl"))).isEqualTo(4102444800000L);
        assertThat(store.database(0).expireAt(bytes("exp:hash"))).isEqualTo(4102444800123L);
        assertThat(describe(value(store, 1, "db1:list"))).isEqualTo("list [x, y]");
        assertThat(store.database(3).expireAt(bytes("db3:key"))).isPositive();
        assertThat(describe(value(store, 15, "db15:set"))).isEqualTo("set(hashtable) [q]");
    }

    @Test
    void whatWeWriteLoadsBackIdentically() throws IOException {
        KeyValueStore store = newStore();
        load(resource("redis-7.0-all-types.rdb"), store);
        KeyValueStore again = newStore();
        load(save(store), again);
        assertThat(keyspace(again)).isEqualTo(keyspace(store));
    }

    @Test
    void writesOneStringKeyAsRedisDoes() throws IOException {
        byte[] redis = resource("redis-7.0-one-key.rdb");
        KeyValueStore store = newStore();
        load(redis, store);
        byte[] ours = save(store);
        byte[] redisBody = Arrays.copyOfRange(redis, indexOf(redis, 0xfe), redis.length - 9);
        byte[] ourBody = Arrays.copyOfRange(ours, indexOf(ours, 0xfe), ours.length - 9);
        assertThat(ourBody).isEqualTo(redisBody);
        assertThat(new String(ours, 0, 9, StandardCharsets.US_ASCII)).isEqualTo("REDIS0010");
    }

    private static int indexOf(byte[] data, int value) {
        for (int i = 9; i < data.length; i++) {
            if ((data[i] & 0xff) == value) {
                return i;
            }
        }
        throw new AssertionError("no " + value);
    }

    @Test
    void readsTheVersion11FixturesOfTheCodeCraftersTester() throws IOException {
        byte[] file = RdbFileBuilder.codeCraftersFixture()
                .selectDb(0, 3, 3)
                .expiringStringKey("apple", "mango", YEAR_2032)
                .expiringStringKey("banana", "pear", YEAR_2022)
                .expiringStringKey("grape", "orange", YEAR_2032)
                .end();
        KeyValueStore store = newStore();
        RdbLoader.Result result = load(file, store);
        assertThat(result.version()).isEqualTo(11);
        assertThat(result.auxFields()).containsEntry("redis-ver", "7.2.0").containsEntry("redis-bits", "64");
        assertThat(keyspace(store)).containsOnly(
                Map.entry("0:apple", "string mango expires " + YEAR_2032),
                Map.entry("0:grape", "string orange expires " + YEAR_2032));
    }

    @Test
    void readsEncodingsOfOlderRedisVersions() throws IOException {
        byte[] file = new RdbFileBuilder(6)
                .opcode(0xfe).length(0)
                .raw(1).string("plain-list").length(2).string("a").string("b")
                .raw(2).string("plain-set").length(3).string("x").string("7").string("y")
                .raw(3).string("zset-v1").length(3).string("m").raw(3).raw(bytes("1.5")).string("top").raw(254)
                .string("bottom").raw(255)
                .raw(4).string("plain-hash").length(1).string("f").string("v")
                .raw(9).string("zipmap-hash").string(RdbFileBuilder.zipmap("name", "cinnabar", "kind", "mineral"))
                .raw(10).string("ziplist-list").string(RdbFileBuilder.ziplist("one", 2, 3000, "four"))
                .raw(11).string("intset").string(new byte[] {2, 0, 0, 0, 2, 0, 0, 0, (byte) 0xfe, (byte) 0xff, 5, 0})
                .raw(12).string("ziplist-zset").string(RdbFileBuilder.ziplist("low", 1, "high", "2.5"))
                .raw(13).string("ziplist-hash").string(RdbFileBuilder.ziplist("field", "value", "n", 12))
                .raw(14).string("quicklist").length(2).string(RdbFileBuilder.ziplist("q1", "q2"))
                .string(RdbFileBuilder.ziplist(5))
                .opcode(0xfd).littleEndian(YEAR_2032 / 1000, 4).raw(0).string("seconds-expiry").string("v")
                .end();
        KeyValueStore store = newStore();
        load(file, store);
        assertThat(keyspace(store)).containsOnly(
                Map.entry("0:plain-list", "list [a, b]"),
                Map.entry("0:plain-set", "set(hashtable) [7, x, y]"),
                Map.entry("0:zset-v1", "zset(listpack) [bottom=-Infinity, m=1.5, top=Infinity]"),
                Map.entry("0:plain-hash", "hash(listpack) {f=v}"),
                Map.entry("0:zipmap-hash", "hash(listpack) {kind=mineral, name=cinnabar}"),
                Map.entry("0:ziplist-list", "list [one, 2, 3000, four]"),
                Map.entry("0:intset", "set(intset) [-2, 5]"),
                Map.entry("0:ziplist-zset", "zset(listpack) [low=1.0, high=2.5]"),
                Map.entry("0:ziplist-hash", "hash(listpack) {field=value, n=12}"),
                Map.entry("0:quicklist", "list [q1, q2, 5]"),
                Map.entry("0:seconds-expiry", "string v expires " + YEAR_2032));
    }

    @Test
    void readsVersionOneFilesWithoutChecksum() throws IOException {
        byte[] file = new RdbFileBuilder(1).opcode(0xfe).length(2).stringKey("old", "times").endWithoutChecksum();
        KeyValueStore store = newStore();
        load(file, store);
        assertThat(keyspace(store)).containsOnly(Map.entry("2:old", "string times"));
    }

    @Test
    void skipsFunctionLibrariesAndRefusesModules() throws IOException {
        byte[] withFunction = new RdbFileBuilder(10).opcode(0xf5)
                .string("#!lua name=lib\nredis.register_function('f', function() return 1 end)")
                .selectDb(0, 1, 0).stringKey("k", "v").end();
        KeyValueStore store = newStore();
        load(withFunction, store);
        assertThat(keyspace(store)).containsOnly(Map.entry("0:k", "string v"));

        byte[] withModule = new RdbFileBuilder(10).selectDb(0, 1, 0).raw(7).string("k").length(12345).end();
        assertThatThrownBy(() -> load(withModule, newStore())).isInstanceOf(RdbFormatException.class)
                .hasMessageContaining("module");
    }

    @Test
    void writesEveryTypeInAFormItReadsBack() throws IOException {
        KeyValueStore store = newStore();
        Database db = store.database(4);
        db.put(bytes("s"), bytes("x".repeat(1000)));
        db.put(bytes("n"), bytes("-123456"), YEAR_2032);
        ListValue list = new ListValue(-2);
        for (int i = 0; i < 5000; i++) {
            list.pushLast(bytes(i % 3 == 0 ? Integer.toString(i * 977) : "element-" + i));
        }
        db.put(bytes("list"), list);
        SetValue ints = SetValue.empty();
        for (long v : new long[] {-70000, 3, 1L << 40}) {
            ints.add(bytes(Long.toString(v)), 512);
        }
        db.put(bytes("ints"), ints);
        SortedSetValue zset = new SortedSetValue(new SortedSetLimits(128, 64));
        for (int i = 0; i < 300; i++) {
            zset.put(bytes("m" + i), i / 7.0);
        }
        db.put(bytes("zset"), zset);
        HashValue hash = new HashValue();
        hash.put(bytes("f"), bytes("v"), 512, 64);
        db.put(bytes("hash"), hash);
        StreamValue stream = new StreamValue();
        for (int i = 1; i <= 350; i++) {
            String[] parts = i % 10 == 0 ? new String[] {"other", "v" + i} : new String[] {"f", "v" + i, "g", "7"};
            stream.append(new StreamId(i, i % 3), parts.length / 2, p -> bytes(parts[p]));
        }
        stream.delete(new StreamId(5, 2));
        stream.setMaxDeletedId(new StreamId(5, 2));
        var group = stream.createGroup(bytes("grp"), new StreamId(20, 2), 20);
        var consumer = group.consumerOrCreate(bytes("c1"), 1234);
        group.restorePending(new StreamId(10, 1), consumer, 99, 3);
        db.put(bytes("stream"), stream);

        KeyValueStore again = newStore();
        load(save(store), again);
        assertThat(keyspace(again)).isEqualTo(keyspace(store));
    }

    @Test
    void truncatedFilesFailWithTheOffset() throws IOException {
        byte[] file = resource("redis-7.0-all-types.rdb");
        for (int length : new int[] {0, 4, 9, 30, 100, 5000, file.length / 2, file.length - 9, file.length - 1}) {
            byte[] truncated = Arrays.copyOf(file, length);
            assertThatThrownBy(() -> load(truncated, newStore())).as("cut at %d", length)
                    .isInstanceOf(RdbFormatException.class)
                    .hasMessageContaining("at offset");
        }
    }

    @Test
    void aWrongChecksumIsRefused() throws IOException {
        byte[] file = resource("redis-7.0-one-key.rdb").clone();
        file[file.length - 3] ^= 0x20;
        assertThatThrownBy(() -> load(file, newStore())).isInstanceOf(RdbFormatException.class)
                .hasMessageContaining("wrong RDB checksum")
                .hasMessageContaining("offset " + (file.length - 8));
    }

    @Test
    void garbageInTheMiddleIsRefused() throws IOException {
        byte[] original = resource("redis-7.0-all-types.rdb");
        Random random = new Random(11);
        for (int round = 0; round < 50; round++) {
            byte[] file = original.clone();
            int at = 100 + random.nextInt(file.length - 200);
            for (int i = 0; i < 8; i++) {
                file[at + i] = (byte) random.nextInt();
            }
            assertThatThrownBy(() -> load(file, newStore())).as("garbage at %d", at)
                    .isInstanceOf(RdbFormatException.class);
        }
    }

    @Test
    void anUnknownTypeIsRefusedWithItsOffset() {
        byte[] file = new RdbFileBuilder(10).selectDb(0, 1, 0).raw(30).string("k").string("v").end();
        assertThatThrownBy(() -> load(file, newStore())).isInstanceOf(RdbFormatException.class)
                .hasMessage("Bad RDB data at offset 14: unknown value type or opcode 30");
    }

    @Test
    void aDumpPayloadCarriesVersionAndChecksum() throws IOException {
        byte[] payload = DumpPayload.create(bytes("hello"), true);
        assertThat(payload).containsExactly(0, 5, 'h', 'e', 'l', 'l', 'o', 10, 0,
                payload[9], payload[10], payload[11], payload[12], payload[13], payload[14], payload[15], payload[16]);
        assertThat(DumpPayload.isValid(payload)).isTrue();
        assertThat(DumpPayload.read(payload, ValueLimits.redisDefaults())).isEqualTo(bytes("hello"));
        payload[3] = 'X';
        assertThat(DumpPayload.isValid(payload)).isFalse();
    }
}
