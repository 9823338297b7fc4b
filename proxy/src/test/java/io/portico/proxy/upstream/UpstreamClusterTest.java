package io.portico.proxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.proxy.bind.BoundCluster;
import io.portico.proxy.bind.BoundEndpoint;
import io.portico.proxy.config.CircuitBreakerConfig;
import io.portico.proxy.config.ClusterConfig;
import io.portico.proxy.config.EndpointConfig;
import io.portico.proxy.config.HealthCheckConfig;
import io.portico.proxy.config.OutlierDetectionConfig;
import io.portico.proxy.config.UpstreamProtocol;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The rules of a cluster's runtime state: limits, health checks, panic, outlier detection. */
class UpstreamClusterTest {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

  private static BoundEndpoint endpoint(int port) {
    return new BoundEndpoint(
        new EndpointConfig("127.0.0.1", port, 1), new InetSocketAddress("127.0.0.1", port));
  }

  private static HealthCheckConfig check(int unhealthy, int healthy, int panic, boolean fail) {
    return new HealthCheckConfig(
        Duration.ofSeconds(1),
        Duration.ofSeconds(1),
        unhealthy,
        healthy,
        "/health",
        List.of(),
        List.of(),
        Duration.ZERO,
        Duration.ZERO,
        0,
        panic,
        fail);
  }

  private static OutlierDetectionConfig detection(
      int consecutive5xx, int gateway, int local, boolean split, int maxPercent) {
    return new OutlierDetectionConfig(
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        maxPercent,
        split,
        consecutive5xx,
        gateway,
        local,
        null,
        null);
  }

  private static BoundCluster cluster(
      List<BoundEndpoint> endpoints,
      CircuitBreakerConfig limits,
      HealthCheckConfig check,
      OutlierDetectionConfig detection) {
    List<EndpointConfig> configs = new ArrayList<>();
    for (BoundEndpoint e : endpoints) {
      configs.add(e.endpoint());
    }
    return new BoundCluster(
        new ClusterConfig(
            "c",
            "svc",
            UpstreamProtocol.HTTP1,
            configs,
            Duration.ofSeconds(1),
            Duration.ofSeconds(60),
            null,
            limits,
            check,
            detection),
        endpoints);
  }

  private static Set<Integer> picks(UpstreamCluster state, BoundCluster config, int n) {
    Set<Integer> ports = new HashSet<>();
    for (int i = 0; i < n; i++) {
      BoundEndpoint picked = state.pick(config);
      ports.add(picked == null ? -1 : picked.port());
    }
    return ports;
  }

  private void failChecks(UpstreamCluster state, HealthCheckConfig check, int port, int times) {
    for (int i = 0; i < times; i++) {
      state.onCheckResult(state.health(endpoint(port).address()), false, check);
    }
  }

  private void passChecks(UpstreamCluster state, HealthCheckConfig check, int port, int times) {
    for (int i = 0; i < times; i++) {
      state.onCheckResult(state.health(endpoint(port).address()), true, check);
    }
  }

  @Test
  void newEndpointIsUnhealthyUntilItsFirstCheckPasses() {
    HealthCheckConfig check = check(2, 3, 50, false);
    BoundCluster config =
        cluster(
            List.of(endpoint(1), endpoint(2), endpoint(3)),
            CircuitBreakerConfig.DEFAULT,
            check,
            null);
    UpstreamCluster state = new UpstreamCluster(config, nanos::get);
    passChecks(state, check, 1, 1);
    passChecks(state, check, 2, 1);
    // One pass is enough the first time (Envoy); 3 is still unchecked.
    assertThat(picks(state, config, 12)).containsExactlyInAnyOrder(1, 2);
    assertThat(state.endpointState(endpoint(3).address())).isEqualTo("UNHEALTHY");
  }

  @Test
  void
      endpointFailingUnhealthyThresholdChecksLeavesLoadBalancingAndComesBackAfterHealthyThreshold() {
    HealthCheckConfig check = check(2, 2, 50, false);
    BoundCluster config =
        cluster(List.of(endpoint(1), endpoint(2)), CircuitBreakerConfig.DEFAULT, check, null);
    UpstreamCluster state = new UpstreamCluster(config, nanos::get);
    passChecks(state, check, 1, 1);
    passChecks(state, check, 2, 1);
    failChecks(state, check, 2, 1);
    assertThat(picks(state, config, 10)).containsExactlyInAnyOrder(1, 2);
    failChecks(state, check, 2, 1);
    assertThat(picks(state, config, 10)).containsExactly(1);
    passChecks(state, check, 2, 1);
    assertThat(picks(state, config, 10)).containsExactly(1);
    passChecks(state, check, 2, 1);
    assertThat(picks(state, config, 10)).containsExactlyInAnyOrder(1, 2);
  }

  @Test
  void belowThePanicThresholdEveryEndpointGetsTraffic() {
    HealthCheckConfig check = check(1, 1, 50, false);
    BoundCluster config =
        cluster(
            List.of(endpoint(1), endpoint(2), endpoint(3)),
            CircuitBreakerConfig.DEFAULT,
            check,
            null);
    UpstreamCluster state = new UpstreamCluster(config, nanos::get);
    passChecks(state, check, 1, 1);
    // 1 of 3 available (33% < 50%): panic, all three get traffic.
    assertThat(picks(state, config, 12)).containsExactlyInAnyOrder(1, 2, 3);
    passChecks(state, check, 2, 1);
    assertThat(picks(state, config, 12)).containsExactlyInAnyOrder(1, 2);
  }

  @Test
  void allUnhealthyWithFailTrafficOnPanicPicksNothing() {
    HealthCheckConfig check = check(1, 1, 50, true);
    BoundCluster config =
        cluster(List.of(endpoint(1), endpoint(2)), CircuitBreakerConfig.DEFAULT, check, null);
    UpstreamCluster state = new UpstreamCluster(config, nanos::get);
    assertThat(state.pick(config)).isNull();
  }

  @Test
  void panicThresholdZeroWithNothingAvailablePicksNothing() {
    HealthCheckConfig check = check(1, 1, 0, false);
    BoundCluster config =
        cluster(List.of(endpoint(1), endpoint(2)), CircuitBreakerConfig.DEFAULT, check, null);
    UpstreamCluster state = new UpstreamCluster(config, nanos::get);
    assertThat(state.pick(config)).isNull();
  }

  @Test
  void configSwapKeepsTheHealthOfEndpointsThatStay() {
    HealthCheckConfig check = check(1, 1, 50, false);
    BoundCluster first =
        cluster(List.of(endpoint(1), endpoint(2)), CircuitBreakerConfig.DEFAULT, check, null);
    UpstreamCluster state = new UpstreamCluster(first, nanos::get);
    passChecks(state, check, 1, 1);
    passChecks(state, check, 2, 1);
    failChecks(state, check, 2, 1);
    BoundCluster second =
        cluster(
            List.of(endpoint(1), endpoint(2), endpoint(3)),
            new CircuitBreakerConfig(10, 10, 10, 1),
            check,
            null);
    state.configure(second);
    assertThat(state.endpointState(endpoint(1).address())).isEqualTo("HEALTHY");
    assertThat(state.endpointState(endpoint(2).address())).isEqualTo("UNHEALTHY");
    assertThat(state.endpointState(endpoint(3).address())).isEqualTo("UNHEALTHY");
    // Health check removed: everything is available again.
    state.configure(cluster(second.endpoints(), CircuitBreakerConfig.DEFAULT, null, null));
    assertThat(state.endpointState(endpoint(2).address())).isEqualTo("HEALTHY");
  }

  @Test
  void requestsBeyondMaxRequestsOverflowAndSlotsAreReleased() {
    BoundCluster config =
        cluster(List.of(endpoint(1)), new CircuitBreakerConfig(1024, 1024, 2, 1), null, null);
    UpstreamCluster state = new UpstreamCluster(config, nanos::get);
    assertThat(state.tryStartRequest()).isTrue();
    assertThat(state.tryStartRequest()).isTrue();
    assertThat(state.tryStartRequest()).isFalse();
    assertThat(state.requestOverflows()).isEqualTo(1);
    state.requestFinished();
    assertThat(state.tryStartRequest()).isTrue();
    assertThat(state.tryStartRetry()).isTrue();
    assertThat(state.tryStartRetry()).isFalse();
    state.retryFinished();
    assertThat(state.tryStartRetry()).isTrue();
    assertThat(state.requestsActive()).isEqualTo(2);
  }

  @Test
  void consecutive5xxEjectForBaseTimeTimesEjections() {
    BoundCluster config =
        cluster(
            List.of(endpoint(1), endpoint(2)),
            CircuitBreakerConfig.DEFAULT,
            null,
            detection(3, 0, 0, false, 10));
    UpstreamCluster state = new UpstreamCluster(config, nanos::get);
    EndpointHealth bad = state.health(endpoint(2).address());
    state.onStatus(bad, 500);
    state.onStatus(bad, 502);
    state.onStatus(bad, 200);
    state.onStatus(bad, 500);
    state.onStatus(bad, 500);
    assertThat(state.endpointState(endpoint(2).address())).isEqualTo("HEALTHY");
    state.onStatus(bad, 503);
    assertThat(state.endpointState(endpoint(2).address())).isEqualTo("EJECTED");
    assertThat(picks(state, config, 10)).containsExactly(1);
    nanos.addAndGet(Duration.ofSeconds(29).toNanos());
    state.sweep();
    assertThat(state.endpointState(endpoint(2).address())).isEqualTo("EJECTED");
    nanos.addAndGet(Duration.ofSeconds(1).toNanos());
    state.sweep();
    assertThat(state.endpointState(endpoint(2).address())).isEqualTo("HEALTHY");
    assertThat(picks(state, config, 10)).containsExactlyInAnyOrder(1, 2);
    // Ejected again at once: twice the base time.
    for (int i = 0; i < 3; i++) {
      state.onStatus(bad, 500);
    }
    assertThat(state.timesEjected(endpoint(2).address())).isEqualTo(2);
    nanos.addAndGet(Duration.ofSeconds(59).toNanos());
    state.sweep();
    assertThat(state.endpointState(endpoint(2).address())).isEqualTo("EJECTED");
    nanos.addAndGet(Duration.ofSeconds(1).toNanos());
    state.sweep();
    assertThat(state.endpointState(endpoint(2).address())).isEqualTo("HEALTHY");
    assertThat(state.ejectionsTotal()).isEqualTo(2);
  }

  @Test
  void maxEjectionPercentCapsEjectionsButOneIsAlwaysAllowed() {
    List<BoundEndpoint> endpoints = List.of(endpoint(1), endpoint(2), endpoint(3), endpoint(4));
    BoundCluster config =
        cluster(endpoints, CircuitBreakerConfig.DEFAULT, null, detection(1, 0, 0, false, 10));
    UpstreamCluster state = new UpstreamCluster(config, nanos::get);
    for (BoundEndpoint e : endpoints) {
      state.onStatus(state.health(e.address()), 500);
    }
    assertThat(state.ejectedNow()).isEqualTo(1);
    state.configure(
        cluster(endpoints, CircuitBreakerConfig.DEFAULT, null, detection(1, 0, 0, false, 50)));
    for (BoundEndpoint e : endpoints) {
      state.onStatus(state.health(e.address()), 500);
    }
    assertThat(state.ejectedNow()).isEqualTo(2);
  }

  @Test
  void gatewayErrorsCountOnly502To504() {
    BoundCluster config =
        cluster(
            List.of(endpoint(1), endpoint(2)),
            CircuitBreakerConfig.DEFAULT,
            null,
            detection(0, 2, 0, false, 100));
    UpstreamCluster state = new UpstreamCluster(config, nanos::get);
    EndpointHealth bad = state.health(endpoint(2).address());
    state.onStatus(bad, 500);
    state.onStatus(bad, 500);
    assertThat(state.ejectedNow()).isZero();
    state.onStatus(bad, 504);
    state.onStatus(bad, 502);
    assertThat(state.ejectedNow()).isEqualTo(1);
  }

  @Test
  void localFailuresCountAs503UnlessSplit() {
    BoundCluster unsplit =
        cluster(
            List.of(endpoint(1), endpoint(2)),
            CircuitBreakerConfig.DEFAULT,
            null,
            detection(2, 0, 0, false, 100));
    UpstreamCluster state = new UpstreamCluster(unsplit, nanos::get);
    state.onLocalFailure(state.health(endpoint(2).address()));
    state.onLocalFailure(state.health(endpoint(2).address()));
    assertThat(state.ejectedNow()).isEqualTo(1);

    BoundCluster split =
        cluster(
            List.of(endpoint(1), endpoint(2)),
            CircuitBreakerConfig.DEFAULT,
            null,
            detection(2, 0, 3, true, 100));
    UpstreamCluster other = new UpstreamCluster(split, nanos::get);
    EndpointHealth bad = other.health(endpoint(2).address());
    other.onLocalFailure(bad);
    other.onLocalFailure(bad);
    assertThat(other.ejectedNow()).isZero();
    other.onLocalFailure(bad);
    assertThat(other.ejectedNow()).isEqualTo(1);
  }

  @Test
  void failurePercentageEjectsEndpointsAtTheThreshold() {
    List<BoundEndpoint> endpoints = List.of(endpoint(1), endpoint(2), endpoint(3));
    BoundCluster config =
        cluster(
            endpoints,
            CircuitBreakerConfig.DEFAULT,
            null,
            new OutlierDetectionConfig(
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                100,
                false,
                0,
                0,
                0,
                null,
                new OutlierDetectionConfig.FailurePercentage(10, 3, 50)));
    UpstreamCluster state = new UpstreamCluster(config, nanos::get);
    for (int i = 0; i < 10; i++) {
      state.onStatus(state.health(endpoint(1).address()), 200);
      state.onStatus(state.health(endpoint(2).address()), i < 4 ? 500 : 200);
      state.onStatus(state.health(endpoint(3).address()), i < 5 ? 500 : 200);
    }
    state.sweep();
    assertThat(state.endpointState(endpoint(1).address())).isEqualTo("HEALTHY");
    assertThat(state.endpointState(endpoint(2).address())).isEqualTo("HEALTHY");
    assertThat(state.endpointState(endpoint(3).address())).isEqualTo("EJECTED");
  }

  @Test
  void successRateEjectsEndpointsFarBelowTheMean() {
    List<BoundEndpoint> endpoints =
        List.of(endpoint(1), endpoint(2), endpoint(3), endpoint(4), endpoint(5));
    BoundCluster config =
        cluster(
            endpoints,
            CircuitBreakerConfig.DEFAULT,
            null,
            new OutlierDetectionConfig(
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                100,
                false,
                0,
                0,
                0,
                new OutlierDetectionConfig.SuccessRate(10, 5, 1.0),
                null));
    UpstreamCluster state = new UpstreamCluster(config, nanos::get);
    for (int i = 0; i < 10; i++) {
      for (int port = 1; port <= 4; port++) {
        state.onStatus(state.health(endpoint(port).address()), 200);
      }
      state.onStatus(state.health(endpoint(5).address()), i < 6 ? 500 : 200);
    }
    state.sweep();
    assertThat(state.endpointState(endpoint(5).address())).isEqualTo("EJECTED");
    assertThat(state.ejectedNow()).isEqualTo(1);
  }
}
