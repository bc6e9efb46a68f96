package dev.cinnabar.persistence.rdb;

import java.io.IOException;

/**
 * The DUMP / RESTORE payload: a value as an RDB file holds it (type byte and value), the RDB
 * version as two little-endian bytes, and the CRC-64 of all that, little-endian.
 */
public final class DumpPayload {

    private static final int FOOTER_BYTES = 10;

    private DumpPayload() {
    }

    public static byte[] create(Object value, boolean compression) {
        RdbBuffer out = new RdbBuffer(64, compression);
        new RdbValueWriter().write(out, value);
        out.writeByte(RdbFormat.WRITE_VERSION & 0xff);
        out.writeByte(RdbFormat.WRITE_VERSION >>> 8);
        byte[] body = out.toByteArray();
        out.writeInt64LittleEndian(Crc64.of(body, 0, body.length));
        return out.toByteArray();
    }

    /** True if the payload is long enough, of a version we read, and its checksum matches. */
    public static boolean isValid(byte[] payload) {
        if (payload.length < FOOTER_BYTES) {
            return false;
        }
        int version = (payload[payload.length - 10] & 0xff) | (payload[payload.length - 9] & 0xff) << 8;
        if (version > RdbFormat.MAX_READ_VERSION) {
            return false;
        }
        long stored = 0;
        for (int i = 7; i >= 0; i--) {
            stored = (stored << 8) | (payload[payload.length - 8 + i] & 0xff);
        }
        return stored == Crc64.of(payload, 0, payload.length - 8);
    }

    /**
     * The value of a payload that {@link #isValid} accepted; null for an empty collection.
     *
     * @throws RdbFormatException if the value cannot be read
     */
    public static Object read(byte[] payload, ValueLimits limits) throws IOException {
        RdbInput in = new RdbInput(payload, 0, payload.length - FOOTER_BYTES);
        int type = in.readUnsignedByte();
        if (!RdbValueReader.isValueType(type)) {
            throw in.corrupt("unknown value type " + type);
        }
        Object value = new RdbValueReader(in, limits).read(type);
        if (!in.atEnd()) {
            throw in.corrupt("bytes left after the value");
        }
        return value;
    }
}
