package io.portico.proxy.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.internal.PlatformDependent;
import io.portico.proxy.accesslog.AccessLogSink;
import io.portico.proxy.accesslog.AccessLogSinks;
import io.portico.proxy.accesslog.SinkSpec;
import io.portico.proxy.bind.BoundCluster;
import io.portico.proxy.bind.BoundConfig;
import io.portico.proxy.bind.BoundEndpoint;
import io.portico.proxy.config.HttpListenerConfig;
import io.portico.proxy.config.ListenerConfig;
import io.portico.proxy.config.RuntimeConfig;
import io.portico.proxy.listener.ListenerStats;
import io.portico.proxy.upstream.EndpointKey;
import io.portico.proxy.upstream.UpstreamCluster;
import io.portico.proxy.upstream.UpstreamStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.ToDoubleFunction;

/**
 * The meters of one proxy in one {@link PrometheusMeterRegistry}, named after Envoy's statistics so
 * that Kuma dashboards' queries read them (docs/proxy-data-plane.md "Metrics" lists them):
 *
 * <ul>
 *   <li>per listener (label {@code envoy_listener_address} = listener name): connections total,
 *       active, over the connection limit; read from {@link ListenerStats};
 *   <li>per HTTP listener (label {@code envoy_http_conn_manager_prefix} = listener name): requests
 *       total, by status class ({@code envoy_response_code_class}) and their duration histogram;
 *       recorded by {@link HttpMetricsHandler};
 *   <li>per cluster (label {@code envoy_cluster_name}): upstream requests, connect failures,
 *       retries, circuit-breaker overflows, outlier ejections, healthy and total endpoints; read
 *       from {@link UpstreamStats};
 *   <li>access-log lines dropped per sink, JVM memory (buffer pools included), threads, CPU, uptime
 *       and Netty's direct memory.
 * </ul>
 *
 * Counters the proxy already keeps are read at scrape time; {@link #apply} adds the meters of new
 * listeners and clusters and removes those of gone ones.
 */
public final class ProxyMetrics {
  /** Envoy's default histogram buckets of request durations, in milliseconds. */
  private static final double[] DURATION_BUCKETS_MILLIS = {
    0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000,
    1800000, 3600000
  };

  private static final String LISTENER = "envoy_listener_address";
  private static final String HTTP_LISTENER = "envoy_http_conn_manager_prefix";
  private static final String CLUSTER = "envoy_cluster_name";

  private final PrometheusMeterRegistry registry;
  private final ListenerStats listenerStats;
  private final UpstreamStats upstreamStats;
  private final AccessLogSinks accessLogs;
  private final ConcurrentMap<String, ListenerMeters> httpListeners = new ConcurrentHashMap<>();
  private final Map<String, List<Meter>> listenerMeters = new HashMap<>();
  // Written by registerHttp inside httpListeners.computeIfAbsent, on any event loop: a concurrent
  // map, never this object's lock (apply holds it while it calls http: the two would deadlock).
  private final Map<String, List<Meter>> httpMeters = new ConcurrentHashMap<>();
  private final Map<String, List<Meter>> clusterMeters = new HashMap<>();
  private final Map<SinkSpec, Meter> sinkMeters = new HashMap<>();
  private volatile Map<String, BoundCluster> clusters = Map.of();

  public ProxyMetrics(
      ListenerStats listenerStats, UpstreamStats upstreamStats, AccessLogSinks accessLogs) {
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.listenerStats = listenerStats;
    this.upstreamStats = upstreamStats;
    this.accessLogs = accessLogs;
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    ByteBufAllocatorMetric pooled = PooledByteBufAllocator.DEFAULT.metric();
    Gauge.builder("netty_allocator_memory_used", pooled, ByteBufAllocatorMetric::usedDirectMemory)
        .tags("allocator", "pooled", "memory", "direct")
        .baseUnit("bytes")
        .register(registry);
    Gauge.builder("netty_allocator_memory_used", pooled, ByteBufAllocatorMetric::usedHeapMemory)
        .tags("allocator", "pooled", "memory", "heap")
        .baseUnit("bytes")
        .register(registry);
    Gauge.builder("netty_direct_memory_used", PlatformDependent::usedDirectMemory)
        .description("direct memory Netty reserved without a Cleaner; -1 when not tracked")
        .baseUnit("bytes")
        .register(registry);
  }

  /** The request meters of an HTTP listener, registered on first use. */
  public ListenerMeters http(String listener) {
    ListenerMeters meters = httpListeners.get(listener);
    return meters != null ? meters : httpListeners.computeIfAbsent(listener, this::registerHttp);
  }

  /**
   * Registers the meters of the listeners, clusters and access-log sinks of {@code config} and
   * removes those of the ones it no longer has. Called by the thread applying configs.
   */
  public synchronized void apply(BoundConfig bound) {
    RuntimeConfig config = bound.config();
    Set<String> listeners = new HashSet<>();
    Set<String> http = new HashSet<>();
    for (ListenerConfig listener : config.listeners()) {
      listeners.add(listener.name());
      if (listener instanceof HttpListenerConfig) {
        http.add(listener.name());
        http(listener.name());
      }
      listenerMeters.computeIfAbsent(listener.name(), this::registerListener);
    }
    removeAllBut(listenerMeters, listeners);
    httpListeners.keySet().retainAll(http);
    for (Map.Entry<String, List<Meter>> meters : httpMeters.entrySet()) {
      if (!http.contains(meters.getKey())) {
        meters.getValue().forEach(registry::remove);
      }
    }
    httpMeters.keySet().retainAll(http);

    this.clusters = Map.copyOf(bound.clusters());
    for (String cluster : config.clusters().keySet()) {
      clusterMeters.computeIfAbsent(cluster, this::registerCluster);
    }
    removeAllBut(clusterMeters, config.clusters().keySet());

    Set<SinkSpec> sinks = config.accessLogSinks();
    for (SinkSpec sink : sinks) {
      sinkMeters.computeIfAbsent(
          sink,
          s ->
              FunctionCounter.builder(
                      "portico_access_log_dropped",
                      s,
                      spec -> {
                        AccessLogSink open = accessLogs.open().get(spec);
                        return open == null ? 0 : open.dropped();
                      })
                  .description("access log lines dropped because the sink's queue was full")
                  .tag("sink", s.toString())
                  .register(registry));
    }
    sinkMeters.entrySet().removeIf(e -> !sinks.contains(e.getKey()) && remove(e.getValue()));
  }

  /** The meters in the Prometheus text format (version 0.0.4). */
  public String scrape() {
    return registry.scrape();
  }

  /** The registry (tests read meters from it). */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  private ListenerMeters registerHttp(String listener) {
    List<Meter> meters = new ArrayList<>();
    Counter requests =
        Counter.builder("envoy_http_downstream_rq")
            .description("downstream requests")
            .tag(HTTP_LISTENER, listener)
            .register(registry);
    meters.add(requests);
    Counter[] byClass = new Counter[5];
    for (int i = 0; i < byClass.length; i++) {
      byClass[i] =
          Counter.builder("envoy_http_downstream_rq_xx")
              .description("downstream responses by status class")
              .tags(Tags.of(HTTP_LISTENER, listener, "envoy_response_code_class", "" + (i + 1)))
              .register(registry);
      meters.add(byClass[i]);
    }
    Duration[] buckets = new Duration[DURATION_BUCKETS_MILLIS.length];
    for (int i = 0; i < buckets.length; i++) {
      buckets[i] = Duration.ofNanos((long) (DURATION_BUCKETS_MILLIS[i] * 1_000_000));
    }
    Timer duration =
        Timer.builder("envoy_http_downstream_rq_time")
            .description("time from the request head to the last byte of the response")
            .tag(HTTP_LISTENER, listener)
            .serviceLevelObjectives(buckets)
            .register(registry);
    meters.add(duration);
    httpMeters.put(listener, meters);
    return new ListenerMeters(requests, byClass, duration);
  }

  private List<Meter> registerListener(String listener) {
    ListenerStats.Counters counters = listenerStats.of(listener);
    Tags tags = Tags.of(LISTENER, listener);
    return List.of(
        FunctionCounter.builder(
                "envoy_listener_downstream_cx", counters, ListenerStats.Counters::connectionsTotal)
            .description("downstream connections accepted")
            .tags(tags)
            .register(registry),
        Gauge.builder(
                "envoy_listener_downstream_cx_active",
                counters,
                ListenerStats.Counters::connectionsActive)
            .description("downstream connections open")
            .tags(tags)
            .register(registry),
        FunctionCounter.builder(
                "envoy_listener_downstream_cx_overflow",
                counters,
                ListenerStats.Counters::connectionsOverLimit)
            .description("downstream connections refused over the connection limit")
            .tags(tags)
            .register(registry));
  }

  private List<Meter> registerCluster(String cluster) {
    Tags tags = Tags.of(CLUSTER, cluster);
    List<Meter> meters = new ArrayList<>();
    meters.add(
        counter(
            "envoy_cluster_upstream_rq",
            "upstream requests sent",
            cluster,
            tags,
            c -> sumEndpoints(c, true)));
    meters.add(
        counter(
            "envoy_cluster_upstream_cx_connect_fail",
            "upstream connection attempts that failed",
            cluster,
            tags,
            c -> sumEndpoints(c, false)));
    meters.add(
        counter(
            "envoy_cluster_upstream_rq_retry",
            "retries made",
            cluster,
            tags,
            c -> state(c, UpstreamCluster::retriesTotal)));
    meters.add(
        counter(
            "envoy_cluster_upstream_rq_pending_overflow",
            "requests refused by the circuit breaker (maxPendingRequests, maxRequests)",
            cluster,
            tags,
            c ->
                state(c, s -> (double) s.pendingOverflows())
                    + state(c, s -> (double) s.requestOverflows())));
    meters.add(
        counter(
            "envoy_cluster_upstream_cx_overflow",
            "connections refused by the circuit breaker (maxConnections)",
            cluster,
            tags,
            c -> state(c, s -> (double) s.connectionOverflows())));
    meters.add(
        counter(
            "envoy_cluster_upstream_rq_retry_overflow",
            "retries refused by the circuit breaker (maxRetries)",
            cluster,
            tags,
            c -> state(c, s -> (double) s.retryOverflows())));
    meters.add(
        counter(
            "envoy_cluster_outlier_detection_ejections",
            "endpoints ejected by outlier detection",
            cluster,
            tags,
            c -> state(c, s -> (double) s.ejectionsTotal())));
    meters.add(
        Gauge.builder(
                "envoy_cluster_outlier_detection_ejections_active",
                cluster,
                c -> state(c, s -> (double) s.ejectedNow()))
            .description("endpoints ejected now")
            .tags(tags)
            .register(registry));
    meters.add(
        Gauge.builder(
                "envoy_cluster_membership_healthy",
                cluster,
                c -> state(c, s -> (double) s.healthyEndpoints()))
            .description("endpoints the load balancer may pick")
            .tags(tags)
            .register(registry));
    meters.add(
        Gauge.builder(
                "envoy_cluster_membership_endpoints",
                cluster,
                c -> {
                  BoundCluster bound = clusters.get(c);
                  return bound == null ? 0 : bound.endpoints().size();
                })
            .description("endpoints of the cluster")
            .tags(tags)
            .register(registry));
    return meters;
  }

  private Meter counter(
      String name, String description, String cluster, Tags tags, ToDoubleFunction<String> value) {
    return FunctionCounter.builder(name, cluster, value)
        .description(description)
        .tags(tags)
        .register(registry);
  }

  private double state(String cluster, ToDoubleFunction<UpstreamCluster> value) {
    UpstreamCluster state = upstreamStats.clusterOrNull(cluster);
    return state == null ? 0 : value.applyAsDouble(state);
  }

  /**
   * Requests sent to (or connect failures of) the endpoints of {@code cluster}: the endpoints'
   * counters, summed. An endpoint shared by two clusters counts in both.
   */
  private double sumEndpoints(String cluster, boolean requests) {
    BoundCluster bound = clusters.get(cluster);
    if (bound == null) {
      return 0;
    }
    double sum = 0;
    for (BoundEndpoint endpoint : bound.endpoints()) {
      var stats =
          upstreamStats.snapshot(new EndpointKey(endpoint.address(), bound.config().protocol()));
      sum += requests ? stats.requestsTotal() : stats.connectFailures();
    }
    return sum;
  }

  private void removeAllBut(Map<String, List<Meter>> meters, Set<String> keep) {
    for (Map.Entry<String, List<Meter>> entry : meters.entrySet()) {
      if (!keep.contains(entry.getKey())) {
        entry.getValue().forEach(registry::remove);
      }
    }
    meters.keySet().retainAll(keep);
  }

  private boolean remove(Meter meter) {
    registry.remove(meter);
    return true;
  }
}
