package dev.cinnabar.persistence.rdb;

import dev.cinnabar.store.Database;
import dev.cinnabar.store.Entry;
import dev.cinnabar.store.KeyValueStore;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static dev.cinnabar.persistence.rdb.RdbFormat.*;

/**
 * Writes RDB streams: the header with its AUX fields, database sections, keys, and the EOF
 * opcode followed by the CRC-64 of everything before it. {@link #writeAll} writes a whole
 * keyspace at once (SAVE, a replication full sync); a background save uses the pieces.
 */
public final class RdbWriter {

    private static final byte[] MAGIC = "REDIS".getBytes(StandardCharsets.US_ASCII);
    /** Bytes gathered before they are passed to the stream. */
    private static final int FLUSH_BYTES = 1 << 16;

    private final RdbValueWriter values = new RdbValueWriter();

    public static void writeHeader(RdbBuffer out, Map<String, String> auxFields) {
        out.writeBytes(MAGIC);
        out.writeBytes(String.format("%04d", WRITE_VERSION).getBytes(StandardCharsets.US_ASCII));
        for (Map.Entry<String, String> field : auxFields.entrySet()) {
            out.writeByte(OPCODE_AUX);
            out.writeString(field.getKey().getBytes(StandardCharsets.UTF_8));
            out.writeString(field.getValue().getBytes(StandardCharsets.UTF_8));
        }
    }

    public static void writeDatabaseStart(RdbBuffer out, int index, long keys, long expires) {
        out.writeByte(OPCODE_SELECTDB);
        out.writeLength(index);
        out.writeByte(OPCODE_RESIZEDB);
        out.writeLength(keys);
        out.writeLength(expires);
    }

    /** One key: its expiry time if it has one, then its type, name and value. */
    public void writeKey(RdbBuffer out, byte[] key, Object value, long expireAt) {
        if (expireAt != Entry.NO_EXPIRY) {
            out.writeByte(OPCODE_EXPIRETIME_MS);
            out.writeInt64LittleEndian(expireAt);
        }
        out.writeByte(RdbValueWriter.type(value));
        out.writeString(key);
        values.writeBody(out, value);
    }

    /** The type byte and the value alone, as DUMP serialises it. */
    public void writeValue(RdbBuffer out, Object value) {
        values.write(out, value);
    }

    public static void writeEof(RdbBuffer out) {
        out.writeByte(OPCODE_EOF);
    }

    /**
     * Writes every live key of {@code store} to {@code stream}, ending with the checksum. Must
     * run on the keyspace thread, which it occupies until done.
     */
    public void writeAll(KeyValueStore store, Map<String, String> auxFields, boolean compression,
                         OutputStream stream) throws IOException {
        ChecksummedOutput out = new ChecksummedOutput(stream);
        RdbBuffer buffer = new RdbBuffer(FLUSH_BYTES * 2, compression);
        writeHeader(buffer, auxFields);
        IOException[] failure = new IOException[1];
        for (int i = 0; i < store.databaseCount(); i++) {
            Database db = store.database(i);
            if (db.size() == 0) {
                continue;
            }
            writeDatabaseStart(buffer, i, db.size(), db.expiresCount());
            db.forEachLive(entry -> {
                if (failure[0] != null) {
                    return;
                }
                writeKey(buffer, entry.key(), entry.value(), entry.expireAt());
                if (buffer.size() >= FLUSH_BYTES) {
                    try {
                        buffer.writeTo(out);
                    } catch (IOException e) {
                        failure[0] = e;
                    }
                    buffer.clear();
                }
            });
            if (failure[0] != null) {
                throw failure[0];
            }
        }
        writeEof(buffer);
        buffer.writeTo(out);
        out.writeChecksum();
        out.flush();
    }

    /** Passes bytes through while computing their CRC-64, then appends it little-endian. */
    public static final class ChecksummedOutput extends FilterOutputStream {

        private long crc;

        public ChecksummedOutput(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            crc = Crc64.update(crc, bytes, offset, length);
            out.write(bytes, offset, length);
        }

        /** Writes the CRC-64 of everything written so far. */
        public void writeChecksum() throws IOException {
            byte[] bytes = new byte[8];
            for (int i = 0; i < 8; i++) {
                bytes[i] = (byte) (crc >>> (8 * i));
            }
            out.write(bytes);
        }
    }
}
