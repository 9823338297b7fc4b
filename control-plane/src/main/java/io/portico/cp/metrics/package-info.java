/**
 * The control plane's own Prometheus metrics ({@link io.portico.cp.metrics.CpMetrics}), served by
 * the diagnostics server at {@code /metrics}. Counters are kept where the work happens (the config
 * sync) and read at scrape time; scrapes run on the diagnostics server's threads.
 */
package io.portico.cp.metrics;
