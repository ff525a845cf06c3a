package com.sparkcontrol.config;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The cluster: {@code spark1} (head) and {@code spark2} (worker and audio) from their own keys, then
 * {@code nodes[N]} as {@code spark3}, {@code spark4}, … for larger clusters.
 */
@Component
public class SparkNodes {

    private final List<SparkNode> nodes;

    public SparkNodes(SparkControlProperties properties) {
        List<SparkNode> all = new ArrayList<>();
        all.add(toNode("spark1", properties.spark1(), EnumSet.of(NodeRole.HEAD)));
        all.add(toNode("spark2", properties.spark2(), EnumSet.of(NodeRole.WORKER, NodeRole.AUDIO)));
        int next = 3;
        for (SparkControlProperties.Node extra : properties.nodes()) {
            all.add(toNode("spark" + next++, extra, EnumSet.of(NodeRole.WORKER)));
        }
        this.nodes = List.copyOf(all);
    }

    public List<SparkNode> all() {
        return nodes;
    }

    public Optional<SparkNode> byId(String id) {
        return nodes.stream().filter(n -> n.id().equals(id)).findFirst();
    }

    public SparkNode require(String id) {
        return byId(id).orElseThrow(() -> new NoSuchElementException("no Spark named " + id));
    }

    /** The node that runs vLLM's API server and {@code launch-cluster.sh}. */
    public SparkNode head() {
        return nodes.stream().filter(n -> n.has(NodeRole.HEAD)).findFirst().orElse(nodes.get(0));
    }

    /** The node hosting Parakeet, Kokoro, the diarizer and embeddings. */
    public SparkNode audio() {
        return nodes.stream().filter(n -> n.has(NodeRole.AUDIO)).findFirst().orElse(nodes.get(1));
    }

    /** Head plus workers, in order: the nodes a cluster-mode model needs. */
    public List<SparkNode> clusterMembers() {
        return nodes.stream().filter(n -> n.has(NodeRole.HEAD) || n.has(NodeRole.WORKER)).toList();
    }

    private static SparkNode toNode(String id, SparkControlProperties.Node node, Set<NodeRole> defaultRoles) {
        Set<NodeRole> roles = node.roles() == null || node.roles().isEmpty() ? defaultRoles : node.roles();
        return new SparkNode(id, node.host(), node.user(), node.sshPort(), roles);
    }
}
