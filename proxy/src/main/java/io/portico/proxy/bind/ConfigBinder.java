package io.portico.proxy.bind;

import io.portico.format.IpLiteral;
import io.portico.proxy.config.ClusterConfig;
import io.portico.proxy.config.EndpointConfig;
import io.portico.proxy.config.ListenerConfig;
import io.portico.proxy.config.RateLimitConfig;
import io.portico.proxy.config.RuntimeConfig;
import io.portico.proxy.config.WeightedClusters;
import io.portico.proxy.ratelimit.TokenBucket;
import io.portico.proxy.routing.WeightedPicker;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The second step of applying a config: binds a compiled config (pure values) to this host and to
 * the binding in force, on the thread applying configs (never an event loop).
 *
 * <pre>
 *  ProxyConfig ──compile (pure)──▶ RuntimeConfig ──bind──▶ BoundConfig ──swap──▶ ActiveConfig
 *                                                   ▲
 *                       previous BoundConfig ───────┘  (IP literals, equal clusters and
 *                                                         buckets reused)
 * </pre>
 *
 * <ul>
 *   <li>Endpoints: each host name is resolved once per binding (a DNS name again at every config,
 *       as its records may have changed; an IP literal's address is taken from the previous
 *       binding). An endpoint whose name does not resolve is left out of its cluster, which answers
 *       503 until a later config resolves it: a name not (yet) in DNS is no reason to refuse the
 *       whole config.
 *   <li>Clusters: a cluster whose settings and bound endpoints equal those of the previous binding
 *       is the previous binding's object, so its round-robin goes on where it was.
 *   <li>Rate limits: each gets a token bucket, at its slot. A limit of the same route entry with
 *       the same {@code requests} and {@code interval} as in the previous binding keeps that
 *       binding's bucket, so pushing an unrelated change (a new route, a new endpoint, another
 *       policy) neither refills a bucket nor lets a burst through; a changed limit, or a route
 *       entry that comes back after a config without it, starts with a full bucket. A config that
 *       is refused, or bound but not swapped in, changes no bucket of the config in force.
 *   <li>Weighted clusters of routes and TCP listeners: each gets a smooth weighted round-robin, at
 *       its slot; one whose route or listener and choices (cluster names and weights) are those of
 *       the previous binding is that binding's, so it goes on where it was.
 *   <li>Listeners: an outbound listener on an IP address that no interface of this host has, such
 *       as a Kubernetes Service's ClusterIP (spec/kubernetes.md §5.6), cannot be bound, and without
 *       a transparent proxy nothing would send to it; the config applies without it (§6.5 point 4).
 * </ul>
 */
public final class ConfigBinder {
  private static final Logger log = LoggerFactory.getLogger(ConfigBinder.class);

  private final HostResolver resolver;
  private final LongSupplier nanoTime;

  /** Outbounds left out as off this host, each warned about once. */
  private final Set<String> skippedOutbounds = ConcurrentHashMap.newKeySet();

  /** A binder resolving with the system resolver. */
  public ConfigBinder() {
    this(InetAddress::getByName);
  }

  public ConfigBinder(HostResolver resolver) {
    this(resolver, System::nanoTime);
  }

  /**
   * @param nanoTime the monotonic clock of the token buckets, in nanoseconds
   */
  public ConfigBinder(HostResolver resolver, LongSupplier nanoTime) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
  }

  /**
   * Binds {@code compiled}.
   *
   * @param previous the binding in force, whose objects are reused where values are equal; {@code
   *     null} before the first config
   */
  public BoundConfig bind(RuntimeConfig compiled, BoundConfig previous) {
    Map<EndpointConfig, BoundEndpoint> literals = new HashMap<>();
    Map<String, InetAddress> resolved = new HashMap<>();
    if (previous != null) {
      for (BoundCluster cluster : previous.clusters().values()) {
        for (BoundEndpoint endpoint : cluster.endpoints()) {
          if (IpLiteral.isIpLiteral(endpoint.host())) {
            literals.putIfAbsent(endpoint.endpoint(), endpoint);
            resolved.putIfAbsent(endpoint.host(), endpoint.address().getAddress());
          }
        }
      }
    }
    Set<String> unresolved = new HashSet<>();
    Map<String, BoundCluster> clusters = new LinkedHashMap<>();
    for (ClusterConfig cluster : compiled.clusters().values()) {
      List<BoundEndpoint> endpoints = new ArrayList<>(cluster.endpoints().size());
      for (EndpointConfig endpoint : cluster.endpoints()) {
        BoundEndpoint bound = literals.get(endpoint);
        if (bound == null) {
          InetAddress address = resolve(endpoint.host(), resolved, unresolved);
          if (address == null) {
            log.atWarn()
                .addKeyValue("cluster", cluster.name())
                .addKeyValue("endpoint", endpoint.host())
                .log("endpoint name does not resolve; left out of the cluster");
            continue;
          }
          bound = new BoundEndpoint(endpoint, new InetSocketAddress(address, endpoint.port()));
        }
        endpoints.add(bound);
      }
      BoundCluster before = previous == null ? null : previous.clusters().get(cluster.name());
      boolean isUnchanged =
          before != null && before.config().equals(cluster) && before.endpoints().equals(endpoints);
      clusters.put(cluster.name(), isUnchanged ? before : new BoundCluster(cluster, endpoints));
    }
    return new BoundConfig(
        compiled.withoutListeners(offThisHost(compiled)),
        clusters,
        buckets(compiled, previous),
        pickers(compiled, previous));
  }

  /** The bucket of each rate limit, at its slot: the previous binding's where it is the same. */
  private List<TokenBucket> buckets(RuntimeConfig compiled, BoundConfig previous) {
    Map<String, RateLimitConfig> before = new HashMap<>();
    if (previous != null) {
      for (RateLimitConfig limit : previous.config().rateLimits()) {
        before.put(limit.key(), limit);
      }
    }
    List<TokenBucket> buckets = new ArrayList<>(compiled.rateLimits().size());
    for (RateLimitConfig limit : compiled.rateLimits()) {
      RateLimitConfig kept = before.get(limit.key());
      buckets.add(
          kept != null && limit.isSameBucket(kept)
              ? previous.bucket(kept)
              : new TokenBucket(limit.requests(), limit.interval(), nanoTime));
    }
    return buckets;
  }

  /** The round-robin of each weighted cluster set, at its slot: the previous binding's if equal. */
  private static List<WeightedPicker<String>> pickers(
      RuntimeConfig compiled, BoundConfig previous) {
    Map<String, WeightedClusters> before = new HashMap<>();
    if (previous != null) {
      for (WeightedClusters clusters : previous.config().weightedClusters()) {
        before.put(clusters.key(), clusters);
      }
    }
    List<WeightedPicker<String>> pickers = new ArrayList<>(compiled.weightedClusters().size());
    for (WeightedClusters clusters : compiled.weightedClusters()) {
      WeightedClusters kept = before.get(clusters.key());
      if (kept != null && kept.choices().equals(clusters.choices())) {
        pickers.add(previous.picker(kept));
        continue;
      }
      List<WeightedPicker.Weighted<String>> weighted = new ArrayList<>();
      for (WeightedClusters.Choice choice : clusters.choices()) {
        weighted.add(new WeightedPicker.Weighted<>(choice.cluster(), choice.weight()));
      }
      pickers.add(WeightedPicker.of(weighted));
    }
    return pickers;
  }

  /** The address of {@code host}, resolved at most once per binding; {@code null} when none. */
  private InetAddress resolve(String host, Map<String, InetAddress> resolved, Set<String> failed) {
    InetAddress address = resolved.get(host);
    if (address != null || failed.contains(host)) {
      return address;
    }
    try {
      address = resolver.resolve(host);
      resolved.put(host, address);
      return address;
    } catch (UnknownHostException e) {
      failed.add(host);
      return null;
    }
  }

  /** The outbound listeners of {@code compiled} on an IP address of no interface of this host. */
  private List<ListenerConfig> offThisHost(RuntimeConfig compiled) {
    List<ListenerConfig> skipped = new ArrayList<>();
    for (ListenerConfig listener : compiled.listeners()) {
      if (!listener.isOutbound() || !isOffThisHost(listener.bind().host())) {
        continue;
      }
      skipped.add(listener);
      String address = listener.bind().host() + ":" + listener.bind().port();
      if (skippedOutbounds.add(address)) {
        log.atWarn()
            .addKeyValue("listener", listener.name())
            .addKeyValue("address", address)
            .log(
                "outbound skipped: its address is not one of this host's, only a transparent"
                    + " proxy could capture its traffic (spec/kubernetes.md §6.5)");
      }
    }
    return skipped;
  }

  /** Whether {@code address} (an IP literal) is neither a wildcard, loopback, nor this host's. */
  private static boolean isOffThisHost(String address) {
    try {
      InetAddress ip = InetAddress.getByName(address);
      return !ip.isAnyLocalAddress()
          && !ip.isLoopbackAddress()
          && NetworkInterface.getByInetAddress(ip) == null;
    } catch (UnknownHostException | SocketException e) {
      return false;
    }
  }
}
