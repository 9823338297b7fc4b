package io.portico.proxy.bind;

import io.portico.proxy.config.BindAddress;
import io.portico.proxy.config.ClusterConfig;
import io.portico.proxy.config.ListenerConfig;
import io.portico.proxy.config.RateLimitConfig;
import io.portico.proxy.config.RuntimeConfig;
import io.portico.proxy.config.WeightedClusters;
import io.portico.proxy.ratelimit.TokenBucket;
import io.portico.proxy.routing.WeightedPicker;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A compiled config bound to this host ({@link ConfigBinder}): what the request path uses. A
 * connection takes the listener and this binding together, and a request keeps both to its end, so
 * that the clusters its routes name are always found here, whatever config is in force meanwhile.
 */
public final class BoundConfig {
  private final RuntimeConfig config;
  private final Map<String, BoundCluster> clusters;
  private final TokenBucket[] buckets;
  private final List<WeightedPicker<String>> pickers;

  /**
   * @param buckets the bucket of each of {@code config}'s rate limits, at its slot
   * @param pickers the round-robin over each of {@code config}'s weighted clusters, at its slot
   */
  BoundConfig(
      RuntimeConfig config,
      Map<String, BoundCluster> clusters,
      List<TokenBucket> buckets,
      List<WeightedPicker<String>> pickers) {
    this.config = Objects.requireNonNull(config, "config");
    this.clusters = Collections.unmodifiableMap(new LinkedHashMap<>(clusters));
    if (buckets.size() != config.rateLimits().size()) {
      throw new IllegalArgumentException(
          buckets.size() + " buckets for " + config.rateLimits().size() + " rate limits");
    }
    this.buckets = buckets.toArray(TokenBucket[]::new);
    if (pickers.size() != config.weightedClusters().size()) {
      throw new IllegalArgumentException(
          pickers.size() + " pickers for " + config.weightedClusters().size() + " cluster sets");
    }
    this.pickers = List.copyOf(pickers);
  }

  /** The compiled config, without the listeners this host cannot serve. */
  public RuntimeConfig config() {
    return config;
  }

  public String version() {
    return config.version();
  }

  /** The listener bound at an address; {@code null} when the config has none there. */
  public ListenerConfig listener(BindAddress bind) {
    return config.listener(bind);
  }

  /** Every cluster of the config by name, in config order. */
  public Map<String, BoundCluster> clusters() {
    return clusters;
  }

  /** The binding of a cluster of {@link #config()} (one its routes or listeners name). */
  public BoundCluster cluster(ClusterConfig cluster) {
    return clusters.get(cluster.name());
  }

  /**
   * The smooth weighted round-robin over weighted clusters of {@link #config()} (cluster names),
   * shared by every event loop.
   */
  public WeightedPicker<String> picker(WeightedClusters clusters) {
    return pickers.get(clusters.slot());
  }

  /**
   * The next cluster of a route or TCP listener of {@link #config()}; {@code null} when it has
   * none.
   */
  public BoundCluster pick(WeightedClusters clusters) {
    String name = pickers.get(clusters.slot()).pick();
    return name == null ? null : this.clusters.get(name);
  }

  /**
   * The tokens of a rate limit of {@link #config()}, shared by every event loop: an array read, for
   * the request path.
   */
  public TokenBucket bucket(RateLimitConfig limit) {
    return buckets[limit.slot()];
  }
}
