package io.portico.proxy.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.portico.proxy.bind.BoundEndpoint;
import io.portico.proxy.config.CircuitBreakerConfig;
import io.portico.proxy.config.ClusterConfig;
import io.portico.proxy.config.HealthCheckConfig;
import io.portico.proxy.config.OutlierDetectionConfig;
import io.portico.proxy.upstream.EndpointStats;
import io.portico.proxy.upstream.UpstreamCluster;

/**
 * The cluster-policy part of {@code /clusters}: circuit-breaker limits and counters, endpoints out
 * because their connect failed, the health check and outlier detection in force, and each
 * endpoint's health as load balancing sees it.
 */
final class ClusterPoliciesView {
  private ClusterPoliciesView() {}

  static void describe(ObjectNode node, ClusterConfig cluster, UpstreamCluster state) {
    CircuitBreakerConfig limits = cluster.circuitBreaker();
    ObjectNode breakers = node.putObject("circuit_breakers");
    breakers.put("max_connections", limits.maxConnections());
    breakers.put("max_pending_requests", limits.maxPendingRequests());
    breakers.put("max_requests", limits.maxRequests());
    breakers.put("max_retries", limits.maxRetries());
    if (state != null) {
      breakers.put("cx_active", state.connectionsActive());
      breakers.put("rq_pending_active", state.pendingActive());
      breakers.put("rq_active", state.requestsActive());
      breakers.put("rq_retry_active", state.retriesActive());
      breakers.put("cx_overflow", state.connectionOverflows());
      breakers.put("rq_pending_overflow", state.pendingOverflows());
      breakers.put("rq_overflow", state.requestOverflows());
      breakers.put("rq_retry_overflow", state.retryOverflows());
      node.put("unreachable_now", state.unreachableNow());
      node.put("unreachable_total", state.unreachableTotal());
    }
    HealthCheckConfig check = cluster.healthCheck();
    if (check != null) {
      ObjectNode hc = node.putObject("health_check");
      hc.put("type", check.isHttp() ? "HTTP" : "TCP");
      if (check.isHttp()) {
        hc.put("path", check.httpPath());
      }
      hc.put("interval_ms", check.interval().toMillis());
      hc.put("timeout_ms", check.timeout().toMillis());
      hc.put("unhealthy_threshold", check.unhealthyThreshold());
      hc.put("healthy_threshold", check.healthyThreshold());
      hc.put("healthy_panic_threshold", check.healthyPanicThreshold());
    }
    OutlierDetectionConfig detection = cluster.outlierDetection();
    if (detection != null) {
      ObjectNode od = node.putObject("outlier_detection");
      od.put("interval_ms", detection.interval().toMillis());
      od.put("base_ejection_time_ms", detection.baseEjectionTime().toMillis());
      od.put("max_ejection_percent", detection.maxEjectionPercent());
      od.put("consecutive_5xx", detection.consecutive5xx());
      od.put("consecutive_gateway_failure", detection.consecutiveGatewayFailure());
      od.put("consecutive_local_origin_failure", detection.consecutiveLocalOriginFailure());
      if (state != null) {
        od.put("ejections_total", state.ejectionsTotal());
        od.put("ejected_now", state.ejectedNow());
      }
    }
  }

  /**
   * {@code HEALTHY}, {@code UNHEALTHY} (failing its active health check), {@code EJECTED} (outlier
   * detection) or {@code UNREACHABLE} (its last connect failed; out until a probe connects again);
   * without health checks a run of connect failures shows as {@code UNHEALTHY} too (informational).
   */
  static String health(
      ClusterConfig cluster, UpstreamCluster state, BoundEndpoint endpoint, EndpointStats stats) {
    String health = state == null ? "HEALTHY" : state.endpointState(endpoint.address());
    if (health.equals("HEALTHY") && cluster.healthCheck() == null && !stats.isHealthy()) {
      return "UNHEALTHY";
    }
    return health;
  }

  static void describeEndpoint(
      ObjectNode node, ClusterConfig cluster, UpstreamCluster state, BoundEndpoint endpoint) {
    if (state == null) {
      return;
    }
    if (cluster.healthCheck() != null) {
      long[] counts = state.healthCheckCounts(endpoint.address());
      ObjectNode hc = node.putObject("health_check");
      hc.put("checks", counts[0]);
      hc.put("failed", counts[1]);
    }
    if (cluster.outlierDetection() != null) {
      node.putObject("outlier").put("times_ejected", state.timesEjected(endpoint.address()));
    }
  }
}
