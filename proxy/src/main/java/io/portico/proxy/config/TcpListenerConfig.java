package io.portico.proxy.config;

import io.portico.proxy.routing.WeightedPicker;
import java.time.Duration;
import java.util.Objects;

/**
 * A compiled TCP listener (spec gateway.md §2.9): a cluster is picked per connection; no cluster
 * means connections are accepted and closed.
 */
public record TcpListenerConfig(
    String name,
    BindAddress bind,
    int connectionLimit,
    WeightedPicker<ClusterConfig> clusters,
    Duration idleTimeout)
    implements ListenerConfig {
  public TcpListenerConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(bind, "bind");
    Objects.requireNonNull(clusters, "clusters");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
  }
}
