package io.portico.proxy.bind;

import io.portico.proxy.config.ClusterConfig;
import io.portico.proxy.routing.WeightedPicker;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A cluster of the config in force: its compiled settings, the endpoints whose host resolved, and
 * the smooth weighted round-robin over them. The round-robin's position is state: a binding keeps
 * the cluster of the previous one (and so its position) when settings and endpoints are equal.
 */
public final class BoundCluster {
  private final ClusterConfig config;
  private final List<BoundEndpoint> endpoints;
  private final WeightedPicker<BoundEndpoint> picker;

  /**
   * @param endpoints the endpoints of {@code config} that resolved, in config order
   */
  public BoundCluster(ClusterConfig config, List<BoundEndpoint> endpoints) {
    this.config = Objects.requireNonNull(config, "config");
    this.endpoints = List.copyOf(endpoints);
    List<WeightedPicker.Weighted<BoundEndpoint>> weighted = new ArrayList<>(endpoints.size());
    for (BoundEndpoint endpoint : this.endpoints) {
      weighted.add(new WeightedPicker.Weighted<>(endpoint, endpoint.weight()));
    }
    this.picker = WeightedPicker.of(weighted);
  }

  public String name() {
    return config.name();
  }

  public ClusterConfig config() {
    return config;
  }

  /** The endpoints load balancing picks from: those whose host resolved. */
  public List<BoundEndpoint> endpoints() {
    return endpoints;
  }

  /** The smooth weighted round-robin over {@link #endpoints()}, shared by every event loop. */
  public WeightedPicker<BoundEndpoint> picker() {
    return picker;
  }

  @Override
  public String toString() {
    return "BoundCluster[" + config.name() + ", " + endpoints + "]";
  }
}
