package io.slotkv.protocol.rdb;

/** The RDB object type bytes a payload starts with, numbered as Redis numbers them in its RDB format. */
final class RdbType {
    static final int STRING = 0;
    static final int LIST = 1;
    static final int SET = 2;
    /** Sorted set with scores written as decimal text. */
    static final int ZSET = 3;
    static final int HASH = 4;
    /** Sorted set with scores written as binary little-endian doubles. */
    static final int ZSET_2 = 5;
    static final int HASH_ZIPMAP = 9;
    static final int LIST_ZIPLIST = 10;
    static final int SET_INTSET = 11;
    static final int ZSET_ZIPLIST = 12;
    static final int HASH_ZIPLIST = 13;
    /** List of ziplist nodes. */
    static final int LIST_QUICKLIST = 14;
    static final int HASH_LISTPACK = 16;
    static final int ZSET_LISTPACK = 17;
    /** List of nodes that are each a listpack or one plain element. */
    static final int LIST_QUICKLIST_2 = 18;
    static final int SET_LISTPACK = 20;

    private RdbType() {}
}
