/**
 * The durable engine: RocksDB, with every key prefixed by its database and hash slot so that a slot is one
 * contiguous key range (as in SSDB and Kvrocks), collections stored as versioned sub-keys, and each command's
 * writes committed as one atomic WriteBatch.
 *
 * <p>Thread ownership: the engine and every view it hands out belong to the shard thread; the only other thread
 * is the WAL syncer for {@code appendfsync everysec}, which touches nothing but {@code RocksDB.syncWal()}.
 */
package io.slotkv.store.rocksdb;
