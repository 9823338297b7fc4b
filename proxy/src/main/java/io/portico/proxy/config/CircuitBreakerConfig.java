package io.portico.proxy.config;

/**
 * Connection limits of a cluster, per proxy (spec gateway.md §4.5 CircuitBreaker): what goes beyond
 * them is answered 503 at once. Unset limits fall back to {@link #DEFAULT}.
 *
 * @param maxConnections upstream connections open (or opening) at once
 * @param maxPendingRequests requests waiting for a new connection at once
 * @param maxRequests requests in flight at once
 * @param maxRetries retries in flight at once
 */
public record CircuitBreakerConfig(
    int maxConnections, int maxPendingRequests, int maxRequests, int maxRetries) {
  /** Kuma's (and Envoy's) defaults: 1024 / 1024 / 1024 / 3. */
  public static final CircuitBreakerConfig DEFAULT = new CircuitBreakerConfig(1024, 1024, 1024, 3);

  public CircuitBreakerConfig {
    if (maxConnections < 0 || maxPendingRequests < 0 || maxRequests < 0 || maxRetries < 0) {
      throw new IllegalArgumentException("limits must be >= 0");
    }
  }
}
