package io.portico.proxy.upstream;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Statistics per endpoint, shared by every event loop. Pools look their endpoint's counters up
 * once, when the pool is created, never per request.
 */
public final class UpstreamStats {
  private final ConcurrentMap<EndpointKey, EndpointStats> byEndpoint = new ConcurrentHashMap<>();

  public EndpointStats forEndpoint(EndpointKey key) {
    return byEndpoint.computeIfAbsent(key, k -> new EndpointStats());
  }

  /** The counters of an endpoint, fresh ones when it never saw traffic. */
  public EndpointStats snapshot(EndpointKey key) {
    EndpointStats stats = byEndpoint.get(key);
    return stats == null ? new EndpointStats() : stats;
  }
}
