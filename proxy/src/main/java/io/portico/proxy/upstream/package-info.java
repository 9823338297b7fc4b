/**
 * Connections to clusters' endpoints: per-event-loop connection pools (HTTP/1.1 keep-alive
 * connections, one multiplexed HTTP/2 prior-knowledge connection per endpoint), the handler that
 * hands upstream responses to the exchange that owns the connection, per-endpoint statistics, and
 * each cluster's runtime state ({@link io.portico.proxy.upstream.UpstreamCluster}: circuit-breaker
 * limits, active health checks, outlier detection, endpoints out after a connect failure) that
 * endpoint picking consults.
 *
 * <p>Threading: a pool belongs to one event loop and is used only from it (no locks); a request
 * always takes its upstream connection from the pool of its downstream connection's event loop.
 * {@link io.portico.proxy.upstream.UpstreamStats} counters are lock-free and read by the admin
 * server from any thread. Cluster state is shared by every event loop through atomics; health
 * checks and outlier-detection sweeps are timers on the event loops ({@link
 * io.portico.proxy.upstream.HealthChecker}), started and stopped by {@link
 * io.portico.proxy.upstream.UpstreamPools#update} on the thread applying configs; a reconnect probe
 * ({@link io.portico.proxy.upstream.ReconnectProbe}) is a timer on the event loop whose connect
 * failed, and ends by itself.
 */
package io.portico.proxy.upstream;
