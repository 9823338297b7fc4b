package io.portico.cp.compiler.plan;

import java.util.Objects;

/**
 * A cluster and its relative weight among the clusters of one route or TCP listener.
 *
 * @param cluster the upstream
 * @param weight the relative weight; 0 = no traffic (when there are others)
 */
public record WeightedCluster(ClusterPlan cluster, int weight) {
  public WeightedCluster {
    Objects.requireNonNull(cluster, "cluster");
    if (weight < 0) {
      throw new IllegalArgumentException("weight must be >= 0, got " + weight);
    }
  }
}
