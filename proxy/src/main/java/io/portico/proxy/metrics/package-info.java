/**
 * Prometheus metrics of a proxy: one Micrometer {@code PrometheusMeterRegistry} per runtime ({@link
 * io.portico.proxy.metrics.ProxyMetrics}), the per-request recording of HTTP listeners ({@link
 * io.portico.proxy.metrics.HttpMetricsHandler}) and the scrape endpoint ({@link
 * io.portico.proxy.metrics.MetricsServer}).
 *
 * <p>Threading: request counters and timers are pre-registered per listener and resolved once per
 * connection; recording is lock-free (adders). Connection, cluster and access-log counters the
 * proxy already keeps are read at scrape time, never counted twice. Meters are added and removed by
 * the runtime's config thread when a config is applied; scrapes run on the event loops.
 */
package io.portico.proxy.metrics;
