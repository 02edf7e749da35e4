/**
 * The cluster's deterministic core: the node table, epochs, slot ownership, failure detection, the cluster bus
 * message format ({@link io.slotkv.cluster.BusCodec}) and {@code nodes.conf} ({@link io.slotkv.cluster.NodesConf}).
 *
 * <p>Nothing here owns a thread, a socket or a clock. {@link io.slotkv.cluster.ClusterState} is a state machine:
 * its inputs are bus messages, ticks and admin operations, each given the current time; its outputs are an outbox
 * of {@link io.slotkv.cluster.Envelope}s and flags saying the configuration must be saved. Randomness comes from the
 * {@link java.util.random.RandomGenerator} it was built with, so a seeded run replays exactly
 * ({@code ClusterSimulationTest} relies on it).
 *
 * <p>Thread ownership: a {@link io.slotkv.cluster.ClusterState} and every {@link io.slotkv.cluster.ClusterNode} it
 * hands out are owned by one thread, the cluster thread, and only touched there. Other threads (connections, the
 * router) read immutable {@link io.slotkv.cluster.ClusterSnapshot}s that the cluster thread publishes. Bus messages,
 * envelopes and snapshots are immutable and may cross threads freely.
 */
package io.slotkv.cluster;
