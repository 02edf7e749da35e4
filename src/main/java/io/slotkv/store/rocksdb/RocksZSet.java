package io.slotkv.store.rocksdb;

import io.slotkv.store.LexRange;
import io.slotkv.store.ScoreRange;
import io.slotkv.store.ScoredMember;
import io.slotkv.store.ZSetValue;
import java.util.List;

/** A sorted set on RocksDB (being written). */
final class RocksZSet extends RocksCollection implements ZSetValue {
    RocksZSet(RocksKeyspace keyspace, byte[] key, Metadata meta) {
        super(keyspace, key, meta);
    }

    @Override
    public Double score(byte[] member) {
        throw new UnsupportedOperationException("sorted sets on rocksdb");
    }

    @Override
    public Double put(byte[] member, double score) {
        throw new UnsupportedOperationException("sorted sets on rocksdb");
    }

    @Override
    public boolean remove(byte[] member) {
        throw new UnsupportedOperationException("sorted sets on rocksdb");
    }

    @Override
    public long rank(byte[] member) {
        throw new UnsupportedOperationException("sorted sets on rocksdb");
    }

    @Override
    public List<ScoredMember> rangeByRank(long from, long to) {
        throw new UnsupportedOperationException("sorted sets on rocksdb");
    }

    @Override
    public List<ScoredMember> rangeByScore(ScoreRange range, boolean reverse, long offset, long limit) {
        throw new UnsupportedOperationException("sorted sets on rocksdb");
    }

    @Override
    public List<ScoredMember> rangeByLex(LexRange range, boolean reverse, long offset, long limit) {
        throw new UnsupportedOperationException("sorted sets on rocksdb");
    }

    @Override
    public long count(ScoreRange range) {
        throw new UnsupportedOperationException("sorted sets on rocksdb");
    }

    @Override
    public long lexCount(LexRange range) {
        throw new UnsupportedOperationException("sorted sets on rocksdb");
    }
}
