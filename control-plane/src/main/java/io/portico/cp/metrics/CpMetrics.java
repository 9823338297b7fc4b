package io.portico.cp.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.portico.cp.dpserver.DpServer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * The meters of one control plane in one {@link PrometheusMeterRegistry} (docs/control-plane.md
 * "Metrics"): connected proxies, configs compiled, sent, ACKed and NACKed, the compile time of one
 * proxy's config as a histogram, and the JVM basics. Counters are read from the DP server at scrape
 * time.
 */
public final class CpMetrics implements AutoCloseable {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final Timer compileTime;

  public CpMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    gc.bindTo(registry);
    compileTime =
        Timer.builder("portico_cp_config_compile")
            .description("time to compile one proxy's config")
            .serviceLevelObjectives(
                Duration.ofNanos(100_000),
                Duration.ofMillis(1),
                Duration.ofMillis(5),
                Duration.ofMillis(10),
                Duration.ofMillis(50),
                Duration.ofMillis(100),
                Duration.ofMillis(500),
                Duration.ofSeconds(1))
            .register(registry);
  }

  /** Records the compile time of one config, in nanoseconds (handed to the config sync). */
  public LongConsumer compileTime() {
    return nanos -> compileTime.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Registers the meters of the DP server's streams. */
  public void bind(DpServer server) {
    Gauge.builder("portico_cp_connected_proxies", server, DpServer::connectedProxies)
        .description("proxies with an open config stream")
        .register(registry);
    FunctionCounter.builder("portico_cp_configs_compiled", server, DpServer::compilations)
        .description("proxy configs compiled")
        .register(registry);
    FunctionCounter.builder("portico_cp_configs_sent", server, DpServer::configsSent)
        .description("proxy configs sent")
        .register(registry);
    FunctionCounter.builder("portico_cp_configs_acked", server, DpServer::configsAcked)
        .description("configs proxies accepted (ACK)")
        .register(registry);
    FunctionCounter.builder("portico_cp_configs_nacked", server, DpServer::configsNacked)
        .description("configs proxies rejected (NACK)")
        .register(registry);
  }

  /** The meters in the Prometheus text format (version 0.0.4). */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
