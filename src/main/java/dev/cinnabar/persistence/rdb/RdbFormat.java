package dev.cinnabar.persistence.rdb;

/** The opcodes, value types and encodings of Redis's RDB format (Redis's rdb.h). */
public final class RdbFormat {

    /** The version we write: Redis 7.0's, which Redis 7.0 and later load. */
    public static final int WRITE_VERSION = 10;
    /** The newest version we read (Redis 7.4). */
    public static final int MAX_READ_VERSION = 12;

    public static final int TYPE_STRING = 0;
    public static final int TYPE_LIST = 1;
    public static final int TYPE_SET = 2;
    public static final int TYPE_ZSET = 3;
    public static final int TYPE_HASH = 4;
    public static final int TYPE_ZSET_2 = 5;
    public static final int TYPE_MODULE_PRE_GA = 6;
    public static final int TYPE_MODULE_2 = 7;
    public static final int TYPE_HASH_ZIPMAP = 9;
    public static final int TYPE_LIST_ZIPLIST = 10;
    public static final int TYPE_SET_INTSET = 11;
    public static final int TYPE_ZSET_ZIPLIST = 12;
    public static final int TYPE_HASH_ZIPLIST = 13;
    public static final int TYPE_LIST_QUICKLIST = 14;
    public static final int TYPE_STREAM_LISTPACKS = 15;
    public static final int TYPE_HASH_LISTPACK = 16;
    public static final int TYPE_ZSET_LISTPACK = 17;
    public static final int TYPE_LIST_QUICKLIST_2 = 18;
    public static final int TYPE_STREAM_LISTPACKS_2 = 19;
    public static final int TYPE_SET_LISTPACK = 20;
    public static final int TYPE_STREAM_LISTPACKS_3 = 21;
    public static final int TYPE_HASH_METADATA_PRE_GA = 22;
    public static final int TYPE_HASH_LISTPACK_EX_PRE_GA = 23;
    public static final int TYPE_HASH_METADATA = 24;
    public static final int TYPE_HASH_LISTPACK_EX = 25;

    public static final int OPCODE_SLOT_INFO = 244;
    public static final int OPCODE_FUNCTION2 = 245;
    public static final int OPCODE_FUNCTION_PRE_GA = 246;
    public static final int OPCODE_MODULE_AUX = 247;
    public static final int OPCODE_IDLE = 248;
    public static final int OPCODE_FREQ = 249;
    public static final int OPCODE_AUX = 250;
    public static final int OPCODE_RESIZEDB = 251;
    public static final int OPCODE_EXPIRETIME_MS = 252;
    public static final int OPCODE_EXPIRETIME = 253;
    public static final int OPCODE_SELECTDB = 254;
    public static final int OPCODE_EOF = 255;

    static final int ENC_INT8 = 0;
    static final int ENC_INT16 = 1;
    static final int ENC_INT32 = 2;
    static final int ENC_LZF = 3;

    /** Quicklist 2 node containers. */
    static final int QUICKLIST_NODE_PLAIN = 1;
    static final int QUICKLIST_NODE_PACKED = 2;

    static final int STREAM_ITEM_DELETED = 1;
    static final int STREAM_ITEM_SAME_FIELDS = 2;

    private RdbFormat() {
    }
}
