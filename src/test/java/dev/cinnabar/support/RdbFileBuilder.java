package dev.cinnabar.support;

import dev.cinnabar.persistence.rdb.Crc64;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds RDB files byte by byte, the way the CodeCrafters tester writes its fixtures
 * (CODECRAFTERS.md section 2.5) and the way old Redis versions wrote encodings that Redis 7
 * no longer produces.
 */
public final class RdbFileBuilder {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    public RdbFileBuilder(int version) {
        raw(String.format("REDIS%04d", version).getBytes(StandardCharsets.US_ASCII));
    }

    /** The header of the tester's fixtures: version 11 and its two AUX fields. */
    public static RdbFileBuilder codeCraftersFixture() {
        return new RdbFileBuilder(11)
                .opcode(0xfa).string("redis-ver").string("7.2.0")
                .opcode(0xfa).string("redis-bits").raw(0xc0, 0x40);
    }

    public RdbFileBuilder raw(int... values) {
        for (int value : values) {
            bytes.write(value);
        }
        return this;
    }

    public RdbFileBuilder raw(byte[] data) {
        bytes.writeBytes(data);
        return this;
    }

    public RdbFileBuilder opcode(int opcode) {
        return raw(opcode);
    }

    /** A length in the 6, 14 or 32 bit form. */
    public RdbFileBuilder length(long length) {
        if (length < 64) {
            return raw((int) length);
        } else if (length < 16384) {
            return raw((int) (0x40 | (length >> 8)), (int) (length & 0xff));
        }
        return raw(0x80, (int) (length >>> 24) & 0xff, (int) (length >>> 16) & 0xff, (int) (length >>> 8) & 0xff,
                (int) length & 0xff);
    }

    public RdbFileBuilder string(String text) {
        return string(text.getBytes(StandardCharsets.UTF_8));
    }

    public RdbFileBuilder string(byte[] data) {
        length(data.length);
        return raw(data);
    }

    public RdbFileBuilder littleEndian(long value, int count) {
        for (int i = 0; i < count; i++) {
            raw((int) (value >>> (8 * i)) & 0xff);
        }
        return this;
    }

    public RdbFileBuilder selectDb(int index, int keys, int expires) {
        return opcode(0xfe).length(index).opcode(0xfb).length(keys).length(expires);
    }

    public RdbFileBuilder stringKey(String key, String value) {
        return raw(0).string(key).string(value);
    }

    public RdbFileBuilder expiringStringKey(String key, String value, long expireAtMillis) {
        return opcode(0xfc).littleEndian(expireAtMillis, 8).stringKey(key, value);
    }

    /** The EOF opcode and the CRC-64 of everything before, little-endian. */
    public byte[] end() {
        raw(0xff);
        byte[] content = bytes.toByteArray();
        littleEndian(Crc64.of(content, 0, content.length), 8);
        return bytes.toByteArray();
    }

    /** The EOF opcode without a checksum (RDB versions before 5). */
    public byte[] endWithoutChecksum() {
        raw(0xff);
        return bytes.toByteArray();
    }

    /** A ziplist of strings and small integers, as Redis 2.6 to 6.2 wrote them. */
    public static byte[] ziplist(Object... elements) {
        ByteArrayOutputStream entries = new ByteArrayOutputStream();
        int previous = 0;
        for (Object element : elements) {
            ByteArrayOutputStream entry = new ByteArrayOutputStream();
            entry.write(previous);
            if (element instanceof Integer small && small >= 0 && small <= 12) {
                entry.write(0xf1 + small);
            } else if (element instanceof Integer number) {
                entry.write(0xc0);
                entry.write(number & 0xff);
                entry.write((number >>> 8) & 0xff);
            } else {
                byte[] data = element.toString().getBytes(StandardCharsets.UTF_8);
                entry.write(data.length);
                entry.writeBytes(data);
            }
            previous = entry.size();
            entries.writeBytes(entry.toByteArray());
        }
        int total = 10 + entries.size() + 1;
        ByteArrayOutputStream blob = new ByteArrayOutputStream();
        writeLittleEndian(blob, total, 4);
        writeLittleEndian(blob, total - 1 - previous, 4);
        writeLittleEndian(blob, elements.length, 2);
        blob.writeBytes(entries.toByteArray());
        blob.write(0xff);
        return blob.toByteArray();
    }

    /** A zipmap (the hash encoding of Redis before 2.6) of short fields and values. */
    public static byte[] zipmap(String... fieldsAndValues) {
        ByteArrayOutputStream blob = new ByteArrayOutputStream();
        blob.write(fieldsAndValues.length / 2);
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            byte[] field = fieldsAndValues[i].getBytes(StandardCharsets.UTF_8);
            byte[] value = fieldsAndValues[i + 1].getBytes(StandardCharsets.UTF_8);
            blob.write(field.length);
            blob.writeBytes(field);
            blob.write(value.length);
            blob.write(1); // one free byte after the value
            blob.writeBytes(value);
            blob.write(0);
        }
        blob.write(0xff);
        return blob.toByteArray();
    }

    private static void writeLittleEndian(ByteArrayOutputStream out, long value, int count) {
        for (int i = 0; i < count; i++) {
            out.write((int) (value >>> (8 * i)) & 0xff);
        }
    }
}
