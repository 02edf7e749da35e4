/**
 * The server: start-up and shutdown, connections, the dispatcher that runs commands, and the per-server
 * registries (clients, watched keys, blocked clients, monitors, statistics).
 *
 * <h2>Threads</h2>
 * <ul>
 *   <li><b>I/O event loops</b> ({@code io-threads}, Netty): read bytes, parse RESP into argument vectors, write
 *       replies. They never touch data.
 *   <li><b>The shard thread</b>: owns every slot, hence every keyspace, every {@link io.slotkv.server.Client}'s
 *       command state and every registry here. It runs commands one at a time, to completion, which is what makes
 *       each command (and each MULTI/EXEC) atomic without locks. With {@code io-threads 1} the single event loop
 *       is the shard thread and a command runs on the thread that read it, with no hand-off at all.
 * </ul>
 * Code that runs on the shard thread says so; the dispatcher asserts it for every command, and assertions are on
 * in every test run.
 */
package io.slotkv.server;
