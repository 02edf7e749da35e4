/**
 * The admin tool, {@code bin/slotkv}: commands that drive one or more slotkv nodes over RESP (demo now; create,
 * check, fix, reshard and rebalance as the cluster grows), with progress bars for long operations.
 *
 * <p>Thread ownership: the tool is a client. It runs on the main thread plus the worker threads of a workload it
 * generates; each worker owns its own connection.
 */
package io.slotkv.admin;
