package io.portico.cp.compiler.emit;

import io.portico.cp.compiler.plan.ClusterPlan;
import io.portico.cp.compiler.plan.ClusterPlan.UpstreamKind;
import io.portico.cp.compiler.plan.EndpointPlan;
import io.portico.cp.compiler.plan.UpstreamTlsPlan;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.policy.CircuitBreakerSpec;
import io.portico.mesh.api.policy.HealthCheckSpec;
import io.portico.mesh.api.policy.TimeoutSpec;
import io.portico.proxy.api.v1.CircuitBreaker;
import io.portico.proxy.api.v1.Cluster;
import io.portico.proxy.api.v1.Endpoint;
import io.portico.proxy.api.v1.HeaderValue;
import io.portico.proxy.api.v1.HealthCheck;
import io.portico.proxy.api.v1.UpstreamProtocol;
import io.portico.proxy.api.v1.UpstreamTls;
import java.time.Duration;

/**
 * Writes a cluster with the settings of its policies (spec/gateway.md §4.1, §4.5, spec/core.md
 * §3.4):
 *
 * <ul>
 *   <li>Timeout: {@code connect_timeout} from {@code connectTimeout}, {@link
 *       #DEFAULT_CONNECT_TIMEOUT} when no Timeout applies or it has none (mesh and external
 *       clusters; local clusters keep the proxy default); {@code idle_timeout} from {@code
 *       http.idleTimeout} on HTTP clusters.
 *   <li>CircuitBreaker: the thresholds when the policy has them, unset ones at 1024 connections,
 *       1024 pending requests, 1024 requests and 3 retries; outlier detection when it has detectors
 *       ({@link OutlierDetectionEmitter}).
 *   <li>HealthCheck: interval, timeout, thresholds, the HTTP path (none = TCP check), expected
 *       statuses, request headers, jitter and the healthy panic threshold.
 *   <li>TLS ({@link ClusterPlan#tls()}): mesh mTLS or an ExternalService's TLS, as planned.
 * </ul>
 */
final class ClusterEmitter {
  /** The connect timeout without a Timeout policy (spec/gateway.md §1.6, golden no-timeout). */
  static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private ClusterEmitter() {}

  static Cluster emit(ClusterPlan plan, String name) {
    Cluster.Builder cluster =
        Cluster.newBuilder()
            .setName(name)
            .setService(plan.service())
            .setProtocol(
                switch (plan.protocol()) {
                  case TCP -> UpstreamProtocol.TCP;
                  case HTTP1 -> UpstreamProtocol.HTTP1;
                  case HTTP2 -> UpstreamProtocol.HTTP2;
                });
    for (EndpointPlan endpoint : plan.endpoints()) {
      cluster.addEndpoints(
          Endpoint.newBuilder()
              .setAddress(endpoint.address())
              .setPort(endpoint.port())
              .setWeight(endpoint.weight()));
    }
    if (plan.kind() != UpstreamKind.LOCAL) {
      timeouts(cluster, plan);
    }
    if (plan.tls() != null) {
      UpstreamTlsPlan tls = plan.tls();
      cluster.setTls(
          UpstreamTls.newBuilder()
              .setSni(tls.sni())
              .addAllExpectedUris(tls.expectedUris())
              .addAllAlpn(tls.alpn())
              .setPresentIdentity(tls.presentIdentity())
              .addAllTrustedCaPem(tls.trustedCaPems())
              .setSkipVerify(tls.skipVerify()));
    }
    Resource<CircuitBreakerSpec> circuitBreaker = plan.policies().circuitBreaker();
    if (circuitBreaker != null
        && circuitBreaker.spec().conf() != null
        && circuitBreaker.spec().conf().thresholds() != null) {
      CircuitBreakerSpec.Thresholds thresholds = circuitBreaker.spec().conf().thresholds();
      cluster.setCircuitBreaker(
          CircuitBreaker.newBuilder()
              .setMaxConnections(orDefault(thresholds.maxConnections(), 1024))
              .setMaxPendingRequests(orDefault(thresholds.maxPendingRequests(), 1024))
              .setMaxRequests(orDefault(thresholds.maxRequests(), 1024))
              .setMaxRetries(orDefault(thresholds.maxRetries(), 3)));
    }
    if (circuitBreaker != null && circuitBreaker.spec().conf() != null) {
      OutlierDetectionEmitter.emit(circuitBreaker.spec().conf())
          .ifPresent(cluster::setOutlierDetection);
    }
    Resource<HealthCheckSpec> healthCheck = plan.policies().healthCheck();
    if (healthCheck != null && healthCheck.spec().conf() != null) {
      HealthCheckSpec.Conf conf = healthCheck.spec().conf();
      HealthCheck.Builder check =
          HealthCheck.newBuilder()
              .setUnhealthyThreshold(Math.max(0, conf.unhealthyThreshold()))
              .setHealthyThreshold(Math.max(0, conf.healthyThreshold()));
      if (conf.interval() != null) {
        check.setInterval(ProxyConfigEmitter.duration(conf.interval()));
      }
      if (conf.timeout() != null) {
        check.setTimeout(ProxyConfigEmitter.duration(conf.timeout()));
      }
      if (conf.http() != null) {
        check.setHttpPath(conf.http().path());
        for (Integer status : conf.http().expectedStatuses()) {
          if (status != null) {
            check.addExpectedStatuses(status);
          }
        }
        for (HealthCheckSpec.HeaderValueOption option : conf.http().requestHeadersToAdd()) {
          if (option != null && option.header() != null) {
            check.addRequestHeaders(
                HeaderValue.newBuilder()
                    .setName(option.header().key())
                    .setValue(option.header().value()));
          }
        }
      }
      if (conf.initialJitter() != null) {
        check.setInitialJitter(ProxyConfigEmitter.duration(conf.initialJitter()));
      }
      if (conf.intervalJitter() != null) {
        check.setIntervalJitter(ProxyConfigEmitter.duration(conf.intervalJitter()));
      }
      check.setIntervalJitterPercent(Math.max(0, conf.intervalJitterPercent()));
      if (conf.healthyPanicThreshold() != null) {
        check.setHealthyPanicThreshold(
            Math.max(0, Math.min(100, Math.round(conf.healthyPanicThreshold()))));
      }
      if (conf.failTrafficOnPanic() != null) {
        check.setFailTrafficOnPanic(conf.failTrafficOnPanic());
      }
      cluster.setHealthCheck(check);
    }
    return cluster.build();
  }

  private static void timeouts(Cluster.Builder cluster, ClusterPlan plan) {
    Resource<TimeoutSpec> timeout = plan.policies().timeout();
    TimeoutSpec.Conf conf =
        timeout == null || timeout.spec().conf() == null ? null : timeout.spec().conf();
    Duration connect = conf == null ? null : conf.connectTimeout();
    cluster.setConnectTimeout(
        ProxyConfigEmitter.duration(
            connect == null || connect.isZero() ? DEFAULT_CONNECT_TIMEOUT : connect));
    if (conf != null
        && conf.http() != null
        && conf.http().idleTimeout() != null
        && !conf.http().idleTimeout().isZero()
        && plan.protocol() != ClusterPlan.UpstreamProtocol.TCP) {
      cluster.setIdleTimeout(ProxyConfigEmitter.duration(conf.http().idleTimeout()));
    }
  }

  private static int orDefault(Integer value, int fallback) {
    return value == null ? fallback : Math.max(0, value);
  }
}
