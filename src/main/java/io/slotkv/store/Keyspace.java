package io.slotkv.store;

import java.util.List;
import java.util.function.Consumer;

/**
 * One logical database of a storage engine, indexed by hash slot so that counting, listing and deleting the keys
 * of one slot never scans the others. This is the only way commands reach data.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>Expired keys are invisible: every lookup deletes a key whose expiry has passed before answering.
 *   <li>Typed lookups throw {@link WrongTypeException} when the key holds another type.
 *   <li>Writes made during a command, directly or through value views, form one atomic unit that
 *       {@link #commit()} ends: the dispatcher calls it after every command. Collections left empty by the command
 *       are deleted then, as Redis never keeps an empty collection, and the keys the command really changed are
 *       reported.
 *   <li>Times are absolute Unix milliseconds; {@link #NO_EXPIRY} means the key has no time to live.
 * </ul>
 * Not thread-safe: see the package documentation for who owns a keyspace.
 */
public interface Keyspace {
    /** Expiry value of a key without a time to live. */
    long NO_EXPIRY = -1;

    /** Answer of {@link #expireAt(byte[])} for a missing key. */
    long MISSING = -2;

    /** The type of {@code key}, or {@code null} when it does not exist. */
    ValueType type(byte[] key);

    boolean exists(byte[] key);

    /** The string at {@code key}, or {@code null}. */
    byte[] getString(byte[] key);

    /** Stores a string, replacing any value of any type, with the given expiry (or {@link #NO_EXPIRY}). */
    void putString(byte[] key, byte[] value, long expireAt);

    /** Replaces the string at an existing string key, keeping its expiry. */
    void replaceString(byte[] key, byte[] value);

    /** The hash at {@code key}; {@code null} when absent unless {@code create}. */
    HashValue hash(byte[] key, boolean create);

    ListValue list(byte[] key, boolean create);

    SetValue set(byte[] key, boolean create);

    ZSetValue zset(byte[] key, boolean create);

    /** Deletes {@code key}; true when it existed. */
    boolean delete(byte[] key);

    /** Absolute expiry of {@code key} in ms, {@link #NO_EXPIRY}, or {@link #MISSING}. */
    long expireAt(byte[] key);

    /** Sets the expiry of an existing key; false when the key does not exist. */
    boolean expireAt(byte[] key, long when);

    /** Removes the expiry; true when the key had one. */
    boolean persist(byte[] key);

    /** Moves {@code from} (value and expiry) to {@code to}, replacing it. {@code from} must exist. */
    void rename(byte[] from, byte[] to);

    /** Copies {@code from} (value and expiry) to {@code to}, replacing it. {@code from} must exist. */
    void copy(byte[] from, byte[] to);

    /** Seconds since {@code key} was last read or written, or -1 when absent. */
    long idleSeconds(byte[] key);

    /** Internal encoding name for OBJECT ENCODING, or {@code null} when absent. */
    String encoding(byte[] key);

    long size();

    /** Number of keys with an expiry. */
    long expiringKeys();

    void flush();

    /** A random live key, or {@code null} when empty. */
    byte[] randomKey();

    /**
     * Visits keys for SCAN: whole slots, from {@code cursor} on, until at least {@code count} keys were visited.
     *
     * @return the cursor to continue from, 0 when done
     */
    long scan(long cursor, long count, Consumer<byte[]> visitor);

    /** Number of live or not yet collected keys in {@code slot}. */
    long countKeysInSlot(int slot);

    /** Up to {@code count} keys of {@code slot}. */
    List<byte[]> keysInSlot(int slot, int count);

    /**
     * Visits up to {@code count} keys of {@code slot} from {@code cursor} on (null: the slot's start), for a mover
     * that walks a slot while deleting the keys it moved: unlike {@link #keysInSlot}, a call does not pass again
     * over what earlier calls visited. RocksDB walks in key order and the cursor is the last key visited, so keys
     * deleted behind it cost nothing; the memory engine walks its table and the cursor is a position in it, so a
     * table that was resized between calls may have a key visited twice or not at all: a caller that must see
     * every key walks again while {@link #countKeysInSlot} says keys remain.
     *
     * @return the cursor to continue from, or null when the walk reached the end of the slot
     */
    byte[] scanSlot(int slot, byte[] cursor, int count, Consumer<byte[]> visitor);

    /**
     * A consistent view of the keys of slots {@code fromSlot..toSlot} (inclusive) as they are now, for moving them
     * to another node; call between commands, and close it when done.
     */
    SlotSnapshot snapshot(int fromSlot, int toSlot);

    /**
     * A reader of {@code keys} (those present, in the order given, expired ones skipped) that copies and pins
     * nothing: it reads the values in place, so it is only consistent while the keys stay unchanged. MIGRATE and
     * DUMP use it: MIGRATE locks its keys while it reads them a slice at a time, DUMP reads within one command.
     * Close it when done.
     */
    SlotSnapshot read(List<byte[]> keys);

    /**
     * Starts receiving a collection of {@code type} (not a string) for {@code key}, invisible until published; what
     * the key holds meanwhile stays as it is. On RocksDB the elements are written as they come, under a version no
     * metadata points to, and a restart drops whatever was staged and never published.
     */
    StagedValue stage(byte[] key, ValueType type);

    /** Deletes every key of {@code slot}; returns how many were deleted. */
    long deleteSlot(int slot);

    /**
     * Deletes expired keys for at most {@code budgetNanos}; returns how many were deleted. Called periodically by
     * the owner thread (Redis's active expire cycle).
     */
    long activeExpire(long budgetNanos);

    /**
     * Ends the current command's unit of writes (see the class contract) and tells which keys it modified: the
     * dispatcher touches their watchers and wakes clients blocked on them. A command that changed nothing (a
     * blocking pop that found nothing, LREM with no match, SETNX of an existing key) modified no key, as in Redis.
     *
     * @return the modified keys, possibly repeated; the list is reused, so read it before the next command
     */
    java.util.List<byte[]> commit();
}
