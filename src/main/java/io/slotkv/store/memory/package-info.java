/**
 * The in-memory engine: one open-addressing table per hash slot per database, plain Java values.
 *
 * <p>Thread ownership: everything here belongs to the shard thread that owns the slots; no field is volatile and
 * no method synchronizes. See {@link io.slotkv.store} for the rule.
 */
package io.slotkv.store.memory;
