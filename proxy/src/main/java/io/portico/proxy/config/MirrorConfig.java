package io.portico.proxy.config;

import java.util.Objects;

/** A mirror of a forwarding route: a fraction (0..1) of requests is copied to the cluster. */
public record MirrorConfig(ClusterConfig cluster, double fraction) {
  public MirrorConfig {
    Objects.requireNonNull(cluster, "cluster");
  }
}
