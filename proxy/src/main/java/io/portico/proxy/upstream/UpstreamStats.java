package io.portico.proxy.upstream;

import io.portico.proxy.bind.BoundCluster;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Statistics per endpoint, and the state of each cluster ({@link UpstreamCluster}: limits and
 * endpoint health), shared by every event loop. Pools look their endpoint's counters up once, when
 * the pool is created, never per request.
 */
public final class UpstreamStats {
  private final ConcurrentMap<EndpointKey, EndpointStats> byEndpoint = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, UpstreamCluster> byCluster = new ConcurrentHashMap<>();
  private final java.util.function.LongSupplier nanoTime;

  public UpstreamStats() {
    this(System::nanoTime);
  }

  /** With the monotonic clock of outlier ejections (tests pass a fake one). */
  public UpstreamStats(java.util.function.LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /**
   * The state of {@code cluster} (by name), made on first use; a request for a cluster of an older
   * config meets the state of the config in force.
   */
  public UpstreamCluster cluster(BoundCluster cluster) {
    UpstreamCluster state = byCluster.get(cluster.name());
    return state != null
        ? state
        : byCluster.computeIfAbsent(cluster.name(), n -> new UpstreamCluster(cluster, nanoTime));
  }

  /** The state of a cluster by name; {@code null} when it has none. */
  public UpstreamCluster clusterOrNull(String name) {
    return byCluster.get(name);
  }

  /** Keeps the states of {@code clusters} (configured with them) and forgets the others. */
  Collection<UpstreamCluster> retain(Collection<BoundCluster> clusters) {
    Set<String> names = new java.util.HashSet<>();
    for (BoundCluster cluster : clusters) {
      names.add(cluster.name());
      UpstreamCluster state = byCluster.get(cluster.name());
      if (state == null) {
        byCluster.put(cluster.name(), new UpstreamCluster(cluster, nanoTime));
      } else {
        state.configure(cluster);
      }
    }
    byCluster.keySet().retainAll(names);
    return byCluster.values();
  }

  public EndpointStats forEndpoint(EndpointKey key) {
    return byEndpoint.computeIfAbsent(key, k -> new EndpointStats());
  }

  /** The counters of an endpoint, fresh ones when it never saw traffic. */
  public EndpointStats snapshot(EndpointKey key) {
    EndpointStats stats = byEndpoint.get(key);
    return stats == null ? new EndpointStats() : stats;
  }
}
