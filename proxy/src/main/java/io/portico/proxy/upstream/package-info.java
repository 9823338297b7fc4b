/**
 * Connections to clusters' endpoints: per-event-loop connection pools (HTTP/1.1 keep-alive
 * connections, one multiplexed HTTP/2 prior-knowledge connection per endpoint), the handler that
 * hands upstream responses to the exchange that owns the connection, and per-endpoint statistics.
 *
 * <p>Threading: a pool belongs to one event loop and is used only from it (no locks); a request
 * always takes its upstream connection from the pool of its downstream connection's event loop.
 * {@link io.portico.proxy.upstream.UpstreamStats} counters are lock-free and read by the admin
 * server from any thread.
 */
package io.portico.proxy.upstream;
