package io.portico.cp.compiler.plan;

import java.util.Objects;

/**
 * A sampled copy of requests sent to another cluster, its answer ignored.
 *
 * @param cluster where the copies go
 * @param fraction share of requests copied, 0..1
 */
public record MirrorPlan(ClusterPlan cluster, double fraction) {
  public MirrorPlan {
    Objects.requireNonNull(cluster, "cluster");
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException("fraction must be in [0, 1], got " + fraction);
    }
  }
}
