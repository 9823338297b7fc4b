package io.portico.proxy.config;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.portico.proxy.api.v1.ProxyConfig;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated, compiled {@link ProxyConfig}: immutable, shared by every event loop. Requests keep
 * the objects they were routed with, so a config swap never changes a request in flight.
 */
public final class RuntimeConfig {
  /**
   * The config as received, serialized: a tenth or less of the heap its objects take (a gateway of
   * 1,000 routes: about 2 MB of protobuf objects), read back only for a config dump.
   */
  private final ByteString source;

  private final String version;
  private final BindAddress admin;
  private final Map<BindAddress, ListenerConfig> listeners;
  private final Map<String, ClusterConfig> clusters;
  private final MetricsEndpointConfig metrics;
  private final BindAddress readiness;
  private final List<RateLimitConfig> rateLimits;
  private final List<WeightedClusters> weightedClusters;

  RuntimeConfig(
      ProxyConfig source,
      BindAddress admin,
      List<ListenerConfig> listeners,
      Map<String, ClusterConfig> clusters,
      MetricsEndpointConfig metrics,
      BindAddress readiness,
      List<RateLimitConfig> rateLimits,
      List<WeightedClusters> weightedClusters) {
    this(
        Objects.requireNonNull(source, "source").toByteString(),
        source.getVersion(),
        admin,
        listeners,
        clusters,
        metrics,
        readiness,
        rateLimits,
        weightedClusters);
  }

  private RuntimeConfig(
      ByteString source,
      String version,
      BindAddress admin,
      List<ListenerConfig> listeners,
      Map<String, ClusterConfig> clusters,
      MetricsEndpointConfig metrics,
      BindAddress readiness,
      List<RateLimitConfig> rateLimits,
      List<WeightedClusters> weightedClusters) {
    this.source = source;
    this.version = version;
    this.admin = admin;
    this.metrics = metrics;
    this.readiness = readiness;
    Map<BindAddress, ListenerConfig> byBind = new LinkedHashMap<>();
    for (ListenerConfig listener : listeners) {
      byBind.put(listener.bind(), listener);
    }
    this.listeners = java.util.Collections.unmodifiableMap(byBind);
    this.clusters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(clusters));
    this.rateLimits = List.copyOf(rateLimits);
    for (int i = 0; i < this.rateLimits.size(); i++) {
      checkSlot(this.rateLimits.get(i).key(), this.rateLimits.get(i).slot(), i);
    }
    this.weightedClusters = List.copyOf(weightedClusters);
    for (int i = 0; i < this.weightedClusters.size(); i++) {
      checkSlot(this.weightedClusters.get(i).key(), this.weightedClusters.get(i).slot(), i);
    }
  }

  private static void checkSlot(String key, int slot, int index) {
    if (slot != index) {
      throw new IllegalArgumentException(key + " has slot " + slot + ", expected " + index);
    }
  }

  /** The config as received (parsed again from its serialized form at each call). */
  public ProxyConfig source() {
    try {
      return ProxyConfig.parseFrom(source);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("a config serialized here does not parse back", e);
    }
  }

  public String version() {
    return version;
  }

  /** Where the admin server listens; empty = the runtime's bootstrap address. */
  public Optional<BindAddress> admin() {
    return Optional.ofNullable(admin);
  }

  /**
   * Where {@code GET /ready} alone is also answered (the dataplane's address, probed by a kubelet);
   * empty = nowhere else than the admin address.
   */
  public Optional<BindAddress> readiness() {
    return Optional.ofNullable(readiness);
  }

  /** Where the Prometheus metrics are served; empty = nowhere. */
  public Optional<MetricsEndpointConfig> metrics() {
    return Optional.ofNullable(metrics);
  }

  public Collection<ListenerConfig> listeners() {
    return listeners.values();
  }

  /** The listener bound at an address; {@code null} when the config has none there. */
  public ListenerConfig listener(BindAddress bind) {
    return listeners.get(bind);
  }

  /** The access log sinks the listeners write to, each once. */
  public java.util.Set<io.portico.proxy.accesslog.SinkSpec> accessLogSinks() {
    java.util.Set<io.portico.proxy.accesslog.SinkSpec> out = new java.util.LinkedHashSet<>();
    for (ListenerConfig listener : listeners.values()) {
      if (listener.accessLog() != null) {
        out.add(listener.accessLog().sink());
      }
    }
    return out;
  }

  /** The span collectors the listeners send to, each once. */
  public java.util.Set<java.net.URI> spanCollectors() {
    java.util.Set<java.net.URI> out = new java.util.LinkedHashSet<>();
    for (ListenerConfig listener : listeners.values()) {
      if (listener instanceof HttpListenerConfig http && http.tracing() != null) {
        out.add(http.tracing().collector());
      }
    }
    return out;
  }

  /** Clusters by name, in config order. */
  public Map<String, ClusterConfig> clusters() {
    return clusters;
  }

  /**
   * The rate limits of every route entry, each at the index of its {@link RateLimitConfig#slot()}:
   * the binding keeps their buckets in this order.
   */
  public List<RateLimitConfig> rateLimits() {
    return rateLimits;
  }

  /**
   * The weighted clusters of every route and TCP listener, each at the index of its {@link
   * WeightedClusters#slot()}: the binding keeps their round-robins in this order.
   */
  public List<WeightedClusters> weightedClusters() {
    return weightedClusters;
  }

  /** This config without {@code skipped} (listeners of it); itself when there is none. */
  public RuntimeConfig withoutListeners(Collection<ListenerConfig> skipped) {
    if (skipped.isEmpty()) {
      return this;
    }
    java.util.Set<BindAddress> binds = new java.util.HashSet<>();
    for (ListenerConfig listener : skipped) {
      binds.add(listener.bind());
    }
    List<ListenerConfig> kept = new java.util.ArrayList<>();
    for (ListenerConfig listener : listeners.values()) {
      if (!binds.contains(listener.bind())) {
        kept.add(listener);
      }
    }
    return new RuntimeConfig(
        source, version, admin, kept, clusters, metrics, readiness, rateLimits, weightedClusters);
  }
}
