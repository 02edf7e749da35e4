/**
 * Storage: the {@link io.slotkv.store.Keyspace} interface every engine implements, and the typed views of
 * collection values commands work through, so that commands never depend on how an engine lays data out.
 *
 * <p>Thread ownership: a keyspace, and every value view it hands out, belongs to the shard thread that owns its
 * slots. Nothing in this package is thread-safe, on purpose: the owner thread serializes every command and every
 * migration step of a slot, which is what makes each command atomic without locks.
 */
package io.slotkv.store;
