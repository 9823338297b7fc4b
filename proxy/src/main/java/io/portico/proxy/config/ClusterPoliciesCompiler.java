package io.portico.proxy.config;

import com.google.protobuf.Duration;
import io.portico.proxy.api.v1.CircuitBreaker;
import io.portico.proxy.api.v1.Cluster;
import io.portico.proxy.api.v1.HeaderValue;
import io.portico.proxy.api.v1.HealthCheck;
import io.portico.proxy.api.v1.OutlierDetection;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles the policy settings of a cluster (circuit breaker, health check, outlier detection) and
 * reports bad values as {@code path: message}. Unset fields get Envoy's defaults, as Kuma does.
 */
final class ClusterPoliciesCompiler {
  static final java.time.Duration DEFAULT_OUTLIER_INTERVAL = java.time.Duration.ofSeconds(10);
  static final java.time.Duration DEFAULT_BASE_EJECTION_TIME = java.time.Duration.ofSeconds(30);
  static final int DEFAULT_MAX_EJECTION_PERCENT = 10;

  private ClusterPoliciesCompiler() {}

  /** The limits; {@link CircuitBreakerConfig#DEFAULT} for a cluster without (or 0 = default). */
  static CircuitBreakerConfig circuitBreaker(Cluster cluster) {
    if (!cluster.hasCircuitBreaker()) {
      return CircuitBreakerConfig.DEFAULT;
    }
    CircuitBreaker limits = cluster.getCircuitBreaker();
    CircuitBreakerConfig defaults = CircuitBreakerConfig.DEFAULT;
    return new CircuitBreakerConfig(
        orDefault(limits.getMaxConnections(), defaults.maxConnections()),
        orDefault(limits.getMaxPendingRequests(), defaults.maxPendingRequests()),
        orDefault(limits.getMaxRequests(), defaults.maxRequests()),
        orDefault(limits.getMaxRetries(), defaults.maxRetries()));
  }

  /** The health check, {@code null} when the cluster has none. */
  static HealthCheckConfig healthCheck(String path, Cluster cluster, List<String> errors) {
    if (!cluster.hasHealthCheck()) {
      return null;
    }
    HealthCheck check = cluster.getHealthCheck();
    int before = errors.size();
    java.time.Duration interval =
        positive(path + ".interval", check.hasInterval(), check.getInterval(), errors);
    java.time.Duration timeout =
        positive(path + ".timeout", check.hasTimeout(), check.getTimeout(), errors);
    if (check.getUnhealthyThreshold() == 0) {
      errors.add(path + ".unhealthy_threshold: must be greater than 0");
    }
    if (check.getHealthyThreshold() == 0) {
      errors.add(path + ".healthy_threshold: must be greater than 0");
    }
    if (!check.getHttpPath().isEmpty() && !check.getHttpPath().startsWith("/")) {
      errors.add(path + ".http_path: must start with \"/\", got \"" + check.getHttpPath() + "\"");
    }
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < check.getExpectedStatusesCount(); i++) {
      int status = check.getExpectedStatuses(i);
      if (status < 100 || status > 599) {
        errors.add(path + ".expected_statuses[" + i + "]: must be in [100, 599], got " + status);
      }
      statuses.add(status);
    }
    List<Header> headers = new ArrayList<>();
    for (int i = 0; i < check.getRequestHeadersCount(); i++) {
      HeaderValue header = check.getRequestHeaders(i);
      if (header.getName().isEmpty()) {
        errors.add(path + ".request_headers[" + i + "].name: must not be empty");
      } else {
        headers.add(new Header(header.getName(), header.getValue()));
      }
    }
    java.time.Duration initialJitter =
        nonNegative(
            path + ".initial_jitter", check.hasInitialJitter(), check.getInitialJitter(), errors);
    java.time.Duration intervalJitter =
        nonNegative(
            path + ".interval_jitter",
            check.hasIntervalJitter(),
            check.getIntervalJitter(),
            errors);
    if (check.getIntervalJitterPercent() > 100) {
      errors.add(
          path
              + ".interval_jitter_percent: must be in [0, 100], got "
              + check.getIntervalJitterPercent());
    }
    int panic =
        check.hasHealthyPanicThreshold()
            ? check.getHealthyPanicThreshold()
            : HealthCheckConfig.DEFAULT_PANIC_THRESHOLD;
    if (panic > 100) {
      errors.add(path + ".healthy_panic_threshold: must be in [0, 100], got " + panic);
    }
    if (errors.size() != before) {
      return null;
    }
    return new HealthCheckConfig(
        interval,
        timeout,
        check.getUnhealthyThreshold(),
        check.getHealthyThreshold(),
        check.getHttpPath(),
        statuses,
        headers,
        initialJitter,
        intervalJitter,
        check.getIntervalJitterPercent(),
        panic,
        check.getFailTrafficOnPanic());
  }

  /** The outlier detection, {@code null} when the cluster has none. */
  static OutlierDetectionConfig outlierDetection(
      String path, Cluster cluster, List<String> errors) {
    if (!cluster.hasOutlierDetection()) {
      return null;
    }
    OutlierDetection detection = cluster.getOutlierDetection();
    int before = errors.size();
    java.time.Duration interval =
        detection.hasInterval()
            ? positive(path + ".interval", true, detection.getInterval(), errors)
            : DEFAULT_OUTLIER_INTERVAL;
    java.time.Duration baseEjectionTime =
        detection.hasBaseEjectionTime()
            ? positive(path + ".base_ejection_time", true, detection.getBaseEjectionTime(), errors)
            : DEFAULT_BASE_EJECTION_TIME;
    if (detection.getMaxEjectionPercent() > 100) {
      errors.add(
          path
              + ".max_ejection_percent: must be in [0, 100], got "
              + detection.getMaxEjectionPercent());
    }
    OutlierDetectionConfig.SuccessRate successRate = null;
    if (detection.hasSuccessRate()) {
      var rate = detection.getSuccessRate();
      if (!(rate.getFactor() >= 0) || Double.isInfinite(rate.getFactor())) {
        errors.add(path + ".success_rate.factor: must be a number >= 0, got " + rate.getFactor());
      }
      successRate =
          new OutlierDetectionConfig.SuccessRate(
              rate.getRequestVolume(), rate.getMinimumHosts(), rate.getFactor());
    }
    OutlierDetectionConfig.FailurePercentage failurePercentage = null;
    if (detection.hasFailurePercentage()) {
      var failure = detection.getFailurePercentage();
      if (failure.getThreshold() > 100) {
        errors.add(
            path
                + ".failure_percentage.threshold: must be in [0, 100], got "
                + failure.getThreshold());
      }
      failurePercentage =
          new OutlierDetectionConfig.FailurePercentage(
              failure.getRequestVolume(), failure.getMinimumHosts(), failure.getThreshold());
    }
    if (errors.size() != before) {
      return null;
    }
    return new OutlierDetectionConfig(
        interval,
        baseEjectionTime,
        detection.getMaxEjectionPercent(),
        detection.getSplitExternalAndLocalErrors(),
        detection.getConsecutive5Xx(),
        detection.getConsecutiveGatewayFailure(),
        detection.getConsecutiveLocalOriginFailure(),
        successRate,
        failurePercentage);
  }

  private static int orDefault(int value, int fallback) {
    return value == 0 ? fallback : value;
  }

  private static java.time.Duration positive(
      String path, boolean isSet, Duration value, List<String> errors) {
    java.time.Duration duration = nonNegative(path, isSet, value, errors);
    if (duration.isZero() && (value.getSeconds() >= 0 && value.getNanos() >= 0)) {
      errors.add(path + ": must be greater than 0");
    }
    return duration;
  }

  private static java.time.Duration nonNegative(
      String path, boolean isSet, Duration value, List<String> errors) {
    if (!isSet) {
      return java.time.Duration.ZERO;
    }
    if (value.getSeconds() < 0 || value.getNanos() < 0) {
      errors.add(path + ": must not be negative");
      return java.time.Duration.ZERO;
    }
    return java.time.Duration.ofSeconds(value.getSeconds(), value.getNanos());
  }
}
