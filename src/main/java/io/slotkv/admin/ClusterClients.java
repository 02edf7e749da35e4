package io.slotkv.admin;

import java.io.IOException;

/** Opens a {@link ClusterClient} to the cluster under test: one per loading or workload thread. */
@FunctionalInterface
interface ClusterClients {
    ClusterClient open() throws IOException;
}
