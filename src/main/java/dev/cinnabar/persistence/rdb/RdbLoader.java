package dev.cinnabar.persistence.rdb;

import dev.cinnabar.store.Database;
import dev.cinnabar.store.Entry;
import dev.cinnabar.store.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.cinnabar.persistence.rdb.RdbFormat.*;

/**
 * Loads a whole RDB stream (a file, the base of an AOF, a replication full sync) into the
 * store: RDB versions 1 to 12, every value type Redis writes, the checksum checked at the end.
 * Must run on the keyspace thread. A bad stream raises {@link RdbFormatException} naming the
 * offset and the problem; the keys read before it stay in the store, so a caller that must
 * not run half-loaded stops (start-up does) or flushes.
 */
public final class RdbLoader {

    private static final Logger log = LoggerFactory.getLogger(RdbLoader.class);
    private static final byte[] MAGIC = "REDIS".getBytes(StandardCharsets.US_ASCII);
    /** The first version whose files end with a CRC-64. */
    private static final int FIRST_CHECKSUMMED_VERSION = 5;

    /**
     * What a load found.
     *
     * @param version      the RDB version of the stream
     * @param keysLoaded   keys put into the store
     * @param keysExpired  keys skipped because their time had passed
     * @param auxFields    the AUX fields, in file order
     */
    public record Result(int version, long keysLoaded, long keysExpired, Map<String, String> auxFields) {
    }

    private RdbLoader() {
    }

    /**
     * Reads the stream to its EOF opcode and checksum, putting every key into {@code store}.
     *
     * @param dropExpired skip keys whose expiry time is before {@code now} (a master does; a
     *                    replica keeps them and waits for its master's DEL)
     */
    public static Result load(InputStream stream, KeyValueStore store, ValueLimits limits, long now,
                              boolean dropExpired) throws IOException {
        return load(new RdbInput(stream), store, limits, now, dropExpired);
    }

    /** As {@link #load(InputStream, KeyValueStore, ValueLimits, long, boolean)}, from {@code in}. */
    public static Result load(RdbInput in, KeyValueStore store, ValueLimits limits, long now,
                              boolean dropExpired) throws IOException {
        int version = readHeader(in);
        RdbValueReader values = new RdbValueReader(in, limits);
        Map<String, String> aux = new LinkedHashMap<>();
        Database db = store.database(0);
        long expireAt = Entry.NO_EXPIRY;
        long loaded = 0;
        long expired = 0;
        while (true) {
            long opcodeAt = in.offset();
            int type = in.readUnsignedByte();
            switch (type) {
                case OPCODE_EXPIRETIME -> expireAt = (in.readInt32LittleEndian() & 0xffffffffL) * 1000;
                case OPCODE_EXPIRETIME_MS -> expireAt = in.readInt64LittleEndian();
                case OPCODE_FREQ -> in.readUnsignedByte();
                case OPCODE_IDLE -> in.readLength();
                case OPCODE_SELECTDB -> {
                    long index = in.readLength();
                    if (index >= store.databaseCount()) {
                        throw new RdbFormatException(opcodeAt, "the data holds database " + index
                                + " but this server has " + store.databaseCount() + " databases (see 'databases')");
                    }
                    db = store.database((int) index);
                }
                case OPCODE_RESIZEDB -> {
                    in.readLength();
                    in.readLength();
                }
                case OPCODE_AUX -> aux.put(text(in.readString()), text(in.readString()));
                case OPCODE_SLOT_INFO -> {
                    in.readLength();
                    in.readLength();
                    in.readLength();
                }
                case OPCODE_FUNCTION2 -> {
                    in.readString();
                    log.warn("Skipped a function library at offset {} of the RDB data: Cinnabar has no "
                            + "Redis Functions (FUNCTION LOAD), so its functions are not available", opcodeAt);
                }
                case OPCODE_FUNCTION_PRE_GA -> throw new RdbFormatException(opcodeAt,
                        "pre-release function format (Redis 7.0 release candidates) not supported");
                case OPCODE_MODULE_AUX -> throw new RdbFormatException(opcodeAt,
                        "the data holds module auxiliary data; Cinnabar has no modules and cannot load it");
                case OPCODE_EOF -> {
                    verifyChecksum(in, version);
                    return new Result(version, loaded, expired, aux);
                }
                default -> {
                    if (!RdbValueReader.isValueType(type)) {
                        throw new RdbFormatException(opcodeAt, "unknown value type or opcode " + type);
                    }
                    byte[] key = in.readString();
                    Object value = values.read(type);
                    if (value == null) {
                        log.warn("Skipped empty key '{}' at offset {} of the RDB data", text(key), opcodeAt);
                    } else if (dropExpired && expireAt != Entry.NO_EXPIRY && expireAt < now) {
                        expired++;
                    } else {
                        int before = db.size();
                        db.put(key, value, expireAt);
                        if (db.size() == before) {
                            throw new RdbFormatException(opcodeAt, "duplicated key '" + text(key) + "' in database "
                                    + db.index());
                        }
                        loaded++;
                    }
                    expireAt = Entry.NO_EXPIRY;
                }
            }
        }
    }

    static int readHeader(RdbInput in) throws IOException {
        byte[] magic = in.readBytes(5);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new RdbFormatException(0, "not an RDB file (it does not start with \"REDIS\")");
        }
        byte[] digits = in.readBytes(4);
        int version;
        try {
            version = Integer.parseInt(new String(digits, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            throw new RdbFormatException(5, "invalid RDB version '" + text(digits) + "'");
        }
        if (version < 1 || version > MAX_READ_VERSION) {
            throw new RdbFormatException(5, "can't handle RDB format version " + version);
        }
        return version;
    }

    private static void verifyChecksum(RdbInput in, int version) throws IOException {
        if (version < FIRST_CHECKSUMMED_VERSION) {
            return;
        }
        long computed = in.checksum();
        long at = in.offset();
        long stored = in.readInt64LittleEndian();
        if (stored != 0 && stored != computed) {
            throw new RdbFormatException(at, String.format("wrong RDB checksum: expected %016x, got %016x",
                    stored, computed));
        }
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
