package io.portico.proxy.upstream;

import io.portico.proxy.bind.BoundCluster;
import io.portico.proxy.bind.BoundEndpoint;
import io.portico.proxy.config.CircuitBreakerConfig;
import io.portico.proxy.config.ClusterConfig;
import io.portico.proxy.config.HealthCheckConfig;
import io.portico.proxy.config.OutlierDetectionConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The runtime state of one cluster, shared by every event loop and kept across config swaps that
 * keep the cluster (by name): circuit-breaker counters, and the health of each endpoint (active
 * health checks, outlier detection) that load balancing consults (spec gateway.md §4.5).
 *
 * <ul>
 *   <li>Limits ({@link CircuitBreakerConfig}): requests, connections, pending requests and retries
 *       in flight are atomic counters; a request beyond a limit is refused at once (503), and every
 *       successful {@code tryStart…} is matched by one {@code …Finished}.
 *   <li>Picking ({@link #pick}): the cluster's weighted round-robin, skipping unavailable
 *       endpoints. When fewer than the healthy panic threshold (default 50%) of the endpoints are
 *       available, every endpoint gets traffic (Envoy's panic mode), or none with {@code
 *       failTrafficOnPanic}.
 *   <li>Active health checks ({@link #onCheckResult}): an endpoint turns unhealthy after {@code
 *       unhealthyThreshold} failed checks in a row and healthy after {@code healthyThreshold}
 *       passed ones; a new endpoint is unhealthy until its first check passes (as in Envoy).
 *   <li>Outlier detection ({@link #onStatus}, {@link #onLocalFailure}, {@link #sweep}): consecutive
 *       errors eject an endpoint for {@code baseEjectionTime × times ejected} (at most 300 s),
 *       bounded by {@code maxEjectionPercent} (one endpoint can always be ejected); {@link #sweep}
 *       brings ejected endpoints back, forgets past ejections of well-behaved ones and runs the
 *       success-rate and failure-percentage detectors.
 *   <li>Unreachable endpoints ({@link #markUnreachable}, {@link #markReachable}): whatever the
 *       policies, an endpoint whose connect failed leaves load balancing at once, for every event
 *       loop, until a {@link ReconnectProbe} connects to it again; not bounded by {@code
 *       maxEjectionPercent} (the panic threshold still applies).
 * </ul>
 */
public final class UpstreamCluster {
  private final String name;
  private final LongSupplier nanoTime;
  private volatile BoundCluster bound;
  private volatile Map<InetSocketAddress, EndpointHealth> endpoints = Map.of();

  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicInteger retries = new AtomicInteger();
  private final AtomicInteger ejected = new AtomicInteger();
  private final AtomicInteger unreachable = new AtomicInteger();
  private final LongAdder requestOverflows = new LongAdder();
  private final LongAdder connectionOverflows = new LongAdder();
  private final LongAdder pendingOverflows = new LongAdder();
  private final LongAdder retryOverflows = new LongAdder();
  private final LongAdder ejectionsTotal = new LongAdder();
  private final LongAdder retriesTotal = new LongAdder();
  private final LongAdder unreachableTotal = new LongAdder();

  UpstreamCluster(BoundCluster cluster, LongSupplier nanoTime) {
    this.name = cluster.name();
    this.nanoTime = nanoTime;
    configure(cluster);
  }

  public String name() {
    return name;
  }

  ClusterConfig config() {
    return bound.config();
  }

  /** The cluster as bound in the config in force (its endpoints with their addresses). */
  BoundCluster bound() {
    return bound;
  }

  /**
   * Takes the settings and endpoints of a new config of this cluster. Endpoints that stay keep
   * their health (by address); new ones start unhealthy until checked when the cluster has a health
   * check; removed ones are forgotten. Called by the thread applying configs.
   */
  synchronized void configure(BoundCluster cluster) {
    ClusterConfig next = cluster.config();
    HealthCheckConfig check = next.healthCheck();
    boolean wasChecked = bound != null && bound.config().healthCheck() != null;
    Map<InetSocketAddress, EndpointHealth> previous = endpoints;
    Map<InetSocketAddress, EndpointHealth> current = new HashMap<>();
    for (BoundEndpoint endpoint : cluster.endpoints()) {
      EndpointHealth health = previous.get(endpoint.address());
      if (health == null) {
        health = current.get(endpoint.address());
      }
      if (health == null) {
        health = new EndpointHealth();
        if (check != null) {
          health.flags.set(EndpointHealth.FAILED_HEALTH_CHECK);
        }
      } else if (check != null && !wasChecked) {
        setFlag(health, EndpointHealth.FAILED_HEALTH_CHECK);
      }
      if (check == null) {
        clearFlag(health, EndpointHealth.FAILED_HEALTH_CHECK);
        health.hasBeenChecked = false;
      }
      if (next.outlierDetection() == null && clearFlag(health, EndpointHealth.EJECTED)) {
        ejected.decrementAndGet();
      }
      current.put(endpoint.address(), health);
    }
    for (Map.Entry<InetSocketAddress, EndpointHealth> old : previous.entrySet()) {
      if (!current.containsKey(old.getKey())) {
        if (clearFlag(old.getValue(), EndpointHealth.EJECTED)) {
          ejected.decrementAndGet();
        }
        markReachable(old.getValue());
      }
    }
    this.endpoints = Map.copyOf(current);
    this.bound = cluster;
  }

  /** The health of an endpoint of the cluster, {@code null} when it is not (or no longer) in it. */
  EndpointHealth health(InetSocketAddress address) {
    return endpoints.get(address);
  }

  Map<InetSocketAddress, EndpointHealth> endpoints() {
    return endpoints;
  }

  // ------------------------------------------------------------------------------------------
  // Picking

  /**
   * The next endpoint for a request of {@code cluster} (this cluster, possibly bound for an older
   * config): the weighted round-robin's pick, skipping unavailable endpoints; {@code null} when
   * there is none to use. Without health check, outlier detection and unreachable endpoints this is
   * the round-robin's pick and one volatile read.
   */
  public BoundEndpoint pick(BoundCluster cluster) {
    BoundEndpoint first = cluster.picker().pick();
    if (first == null
        || (cluster.config().healthCheck() == null
            && cluster.config().outlierDetection() == null
            && unreachable.get() == 0)) {
      return first;
    }
    Map<InetSocketAddress, EndpointHealth> healths = endpoints;
    EndpointHealth health = healths.get(first.address());
    if (health == null || health.isAvailable()) {
      return first;
    }
    List<BoundEndpoint> all = cluster.endpoints();
    int available = 0;
    for (int i = 0; i < all.size(); i++) {
      EndpointHealth h = healths.get(all.get(i).address());
      if (h == null || h.isAvailable()) {
        available++;
      }
    }
    HealthCheckConfig check = cluster.config().healthCheck();
    int panicThreshold =
        check == null ? HealthCheckConfig.DEFAULT_PANIC_THRESHOLD : check.healthyPanicThreshold();
    if ((long) available * 100 < (long) panicThreshold * all.size()) {
      return check != null && check.failTrafficOnPanic() ? null : first;
    }
    if (available == 0) {
      return null;
    }
    int period = cluster.picker().period();
    for (int i = 1; i < period; i++) {
      BoundEndpoint next = cluster.picker().pick();
      EndpointHealth h = healths.get(next.address());
      if (h == null || h.isAvailable()) {
        return next;
      }
    }
    // Other event loops advanced the shared round-robin meanwhile: take any available endpoint.
    for (int i = 0; i < all.size(); i++) {
      EndpointHealth h = healths.get(all.get(i).address());
      if (h == null || h.isAvailable()) {
        return all.get(i);
      }
    }
    return first;
  }

  // ------------------------------------------------------------------------------------------
  // Limits

  boolean tryStartRequest() {
    return tryStart(requests, bound.config().circuitBreaker().maxRequests(), requestOverflows);
  }

  void requestFinished() {
    requests.decrementAndGet();
  }

  boolean tryOpenConnection() {
    return tryStart(
        connections, bound.config().circuitBreaker().maxConnections(), connectionOverflows);
  }

  void connectionClosed() {
    connections.decrementAndGet();
  }

  boolean tryStartPending() {
    return tryStart(
        pending, bound.config().circuitBreaker().maxPendingRequests(), pendingOverflows);
  }

  void pendingFinished() {
    pending.decrementAndGet();
  }

  /**
   * Takes a retry slot ({@code maxRetries} retries in flight per cluster); {@code false} = the
   * retry must not be made. Pair each {@code true} with one {@link #retryFinished()}.
   */
  public boolean tryStartRetry() {
    boolean started =
        tryStart(retries, bound.config().circuitBreaker().maxRetries(), retryOverflows);
    if (started) {
      retriesTotal.increment();
    }
    return started;
  }

  public void retryFinished() {
    retries.decrementAndGet();
  }

  private static boolean tryStart(AtomicInteger counter, int limit, LongAdder overflows) {
    if (counter.incrementAndGet() > limit) {
      counter.decrementAndGet();
      overflows.increment();
      return false;
    }
    return true;
  }

  // ------------------------------------------------------------------------------------------
  // Outlier detection

  /** An upstream answered a try with {@code status}. */
  void onStatus(EndpointHealth health, int status) {
    OutlierDetectionConfig detection = bound.config().outlierDetection();
    if (health == null || detection == null) {
      return;
    }
    boolean is5xx = status >= 500;
    boolean isGatewayError = status == 502 || status == 503 || status == 504;
    (is5xx ? health.intervalFailures : health.intervalSuccesses).incrementAndGet();
    if (detection.splitExternalAndLocalErrors()) {
      resetIfSet(health.consecutiveLocalFailures);
    }
    if (count(health.consecutive5xx, is5xx, detection.consecutive5xx())
        || count(
            health.consecutiveGatewayFailures,
            isGatewayError,
            detection.consecutiveGatewayFailure())) {
      eject(health, detection);
    }
  }

  /**
   * A try failed before any status: connect failure, reset or closed connection. Counted as a 503
   * unless local-origin errors are split from the upstream's (Envoy's mapping).
   */
  void onLocalFailure(EndpointHealth health) {
    OutlierDetectionConfig detection = bound.config().outlierDetection();
    if (health == null || detection == null) {
      return;
    }
    if (!detection.splitExternalAndLocalErrors()) {
      onStatus(health, 503);
      return;
    }
    health.intervalFailures.incrementAndGet();
    if (count(health.consecutiveLocalFailures, true, detection.consecutiveLocalOriginFailure())) {
      eject(health, detection);
    }
  }

  private static boolean count(AtomicInteger counter, boolean isError, int threshold) {
    if (threshold <= 0) {
      return false;
    }
    if (!isError) {
      resetIfSet(counter);
      return false;
    }
    return counter.incrementAndGet() >= threshold;
  }

  private static void resetIfSet(AtomicInteger counter) {
    if (counter.get() != 0) {
      counter.set(0);
    }
  }

  /** Ejects {@code health} when the ejection budget allows; no-op when already ejected. */
  boolean eject(EndpointHealth health, OutlierDetectionConfig detection) {
    health.consecutive5xx.set(0);
    health.consecutiveGatewayFailures.set(0);
    health.consecutiveLocalFailures.set(0);
    int max = Math.max(1, endpoints.size() * detection.maxEjectionPercent() / 100);
    while (true) {
      int now = ejected.get();
      if (now >= max) {
        return false;
      }
      if (ejected.compareAndSet(now, now + 1)) {
        break;
      }
    }
    if (!setFlag(health, EndpointHealth.EJECTED)) {
      ejected.decrementAndGet();
      return false;
    }
    int times = health.timesEjected.incrementAndGet();
    Duration base = detection.baseEjectionTime();
    Duration cap =
        base.compareTo(OutlierDetectionConfig.MAX_EJECTION_TIME) > 0
            ? base
            : OutlierDetectionConfig.MAX_EJECTION_TIME;
    Duration time = base.multipliedBy(times);
    if (time.compareTo(cap) > 0) {
      time = cap;
    }
    health.ejectedUntilNanos.set(nanoTime.getAsLong() + time.toNanos());
    ejectionsTotal.increment();
    return true;
  }

  /**
   * The outlier-detection interval: brings back endpoints whose ejection time passed, lowers the
   * ejection count of endpoints not ejected, then runs the rate detectors over the interval's
   * counts.
   */
  void sweep() {
    OutlierDetectionConfig detection = bound.config().outlierDetection();
    if (detection == null) {
      return;
    }
    long now = nanoTime.getAsLong();
    Collection<EndpointHealth> all = endpoints.values();
    for (EndpointHealth health : all) {
      if (health.isEjected()) {
        if (now - health.ejectedUntilNanos.get() >= 0
            && clearFlag(health, EndpointHealth.EJECTED)) {
          ejected.decrementAndGet();
        }
      } else if (health.timesEjected.get() > 0) {
        health.timesEjected.decrementAndGet();
      }
    }
    RateDetectors.run(this, detection, all);
  }

  // ------------------------------------------------------------------------------------------
  // Unreachable endpoints

  /**
   * A connect to the endpoint at {@code address} (whose health is {@code health}) failed: it leaves
   * load balancing now.
   *
   * @return true for the one caller that took it out (it starts the probe that brings it back and
   *     drops its pooled connections); false when it was out already or is not (or no longer) an
   *     endpoint of this cluster
   */
  boolean markUnreachable(InetSocketAddress address, EndpointHealth health) {
    if (health == null || endpoints.get(address) != health) {
      return false;
    }
    if (!setFlag(health, EndpointHealth.UNREACHABLE)) {
      return false;
    }
    unreachable.incrementAndGet();
    unreachableTotal.increment();
    return true;
  }

  /** The endpoint of {@code health} accepts connections again (or left the cluster). */
  void markReachable(EndpointHealth health) {
    if (clearFlag(health, EndpointHealth.UNREACHABLE)) {
      unreachable.decrementAndGet();
    }
  }

  // ------------------------------------------------------------------------------------------
  // Active health checks

  /** The result of an active check of {@code health} (on the checking event loop). */
  void onCheckResult(EndpointHealth health, boolean passed, HealthCheckConfig check) {
    health.checksTotal++;
    if (passed) {
      health.checkFailures = 0;
      health.checkPasses++;
      if (health.isFailingHealthCheck()
          && (!health.hasBeenChecked || health.checkPasses >= check.healthyThreshold())) {
        clearFlag(health, EndpointHealth.FAILED_HEALTH_CHECK);
      }
    } else {
      health.checksFailed++;
      health.checkPasses = 0;
      health.checkFailures++;
      if (health.checkFailures >= check.unhealthyThreshold()) {
        setFlag(health, EndpointHealth.FAILED_HEALTH_CHECK);
      }
    }
    health.hasBeenChecked = true;
  }

  // ------------------------------------------------------------------------------------------
  // Counters (admin)

  public int requestsActive() {
    return requests.get();
  }

  public int connectionsActive() {
    return connections.get();
  }

  public int pendingActive() {
    return pending.get();
  }

  public int retriesActive() {
    return retries.get();
  }

  public long requestOverflows() {
    return requestOverflows.sum();
  }

  public long connectionOverflows() {
    return connectionOverflows.sum();
  }

  public long pendingOverflows() {
    return pendingOverflows.sum();
  }

  public long retryOverflows() {
    return retryOverflows.sum();
  }

  public long ejectionsTotal() {
    return ejectionsTotal.sum();
  }

  /** Retries started (those the circuit breaker let through). */
  public long retriesTotal() {
    return retriesTotal.sum();
  }

  /** Endpoints the load balancer may pick now: neither failing health checks nor ejected. */
  public int healthyEndpoints() {
    int healthy = 0;
    for (EndpointHealth health : endpoints.values()) {
      if (health.isAvailable()) {
        healthy++;
      }
    }
    return healthy;
  }

  public int ejectedNow() {
    return ejected.get();
  }

  /** Endpoints out of load balancing now because their last connect failed. */
  public int unreachableNow() {
    return unreachable.get();
  }

  /** How many times an endpoint was found unreachable (a connect failed while it was in). */
  public long unreachableTotal() {
    return unreachableTotal.sum();
  }

  /**
   * How the load balancer sees an endpoint: {@code HEALTHY}, {@code UNHEALTHY} (failing its health
   * check), {@code EJECTED} (outlier detection) or {@code UNREACHABLE} (its last connect failed),
   * the first that applies in that order.
   */
  public String endpointState(InetSocketAddress address) {
    EndpointHealth health = endpoints.get(address);
    if (health == null || health.isAvailable()) {
      return "HEALTHY";
    }
    if (health.isFailingHealthCheck()) {
      return "UNHEALTHY";
    }
    return health.isEjected() ? "EJECTED" : "UNREACHABLE";
  }

  /** Active health-check counters of an endpoint: {@code [checks, failed checks]}. */
  public long[] healthCheckCounts(InetSocketAddress address) {
    EndpointHealth health = endpoints.get(address);
    return health == null ? new long[2] : new long[] {health.checksTotal, health.checksFailed};
  }

  /** How many times an endpoint was ejected recently (the ejection-time multiplier). */
  public int timesEjected(InetSocketAddress address) {
    EndpointHealth health = endpoints.get(address);
    return health == null ? 0 : health.timesEjected.get();
  }

  // ------------------------------------------------------------------------------------------

  private static boolean setFlag(EndpointHealth health, int flag) {
    while (true) {
      int now = health.flags.get();
      if ((now & flag) != 0) {
        return false;
      }
      if (health.flags.compareAndSet(now, now | flag)) {
        return true;
      }
    }
  }

  private static boolean clearFlag(EndpointHealth health, int flag) {
    while (true) {
      int now = health.flags.get();
      if ((now & flag) == 0) {
        return false;
      }
      if (health.flags.compareAndSet(now, now & ~flag)) {
        return true;
      }
    }
  }
}
