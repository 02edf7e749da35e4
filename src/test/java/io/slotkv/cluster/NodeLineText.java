package io.slotkv.cluster;

/** Test access to one rendered CLUSTER NODES line. */
final class NodeLineText {
    private NodeLineText() {}

    static String of(ClusterState state, ClusterNode node) {
        return NodeLine.render(state, node);
    }
}
