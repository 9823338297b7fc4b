package io.portico.mesh.api.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.portico.mesh.api.Selector;
import io.portico.mesh.api.SpecValues;
import java.time.Duration;
import java.util.List;

/**
 * The spec of a CircuitBreaker (spec/core.md §3.4): outlier detection and connection thresholds on
 * the clusters of the services of {@code destinations}, as seen from {@code sources}.
 *
 * @param sources dataplanes whose outbound clusters are guarded (S1)
 * @param destinations services whose clusters are guarded (SVC)
 * @param conf detectors and/or thresholds
 */
public record CircuitBreakerSpec(List<Selector> sources, List<Selector> destinations, Conf conf)
    implements ConnectionPolicySpec {
  public CircuitBreakerSpec {
    sources = SpecValues.list(sources);
    destinations = SpecValues.list(destinations);
  }

  /**
   * Outlier detection and thresholds.
   *
   * @param interval between ejection sweeps (default 10s)
   * @param baseEjectionTime base time a host stays ejected (default 30s)
   * @param maxEjectionPercent most hosts ejected at once, 0–100 (default 10)
   * @param splitExternalAndLocalErrors whether local-origin failures are counted apart
   * @param detectors the outlier detectors
   * @param thresholds the connection limits
   */
  public record Conf(
      Duration interval,
      Duration baseEjectionTime,
      @JsonInclude(JsonInclude.Include.NON_NULL) Integer maxEjectionPercent,
      boolean splitExternalAndLocalErrors,
      Detectors detectors,
      Thresholds thresholds) {}

  /**
   * Outlier detectors; an unset detector is off.
   *
   * @param totalErrors consecutive 5xx (and local-origin failures unless split)
   * @param gatewayErrors consecutive gateway errors (502, 503, 504)
   * @param localErrors consecutive local-origin failures
   * @param standardDeviation success-rate outliers
   * @param failure failure-percentage outliers
   */
  public record Detectors(
      ConsecutiveErrors totalErrors,
      ConsecutiveErrors gatewayErrors,
      ConsecutiveErrors localErrors,
      StandardDeviation standardDeviation,
      Failure failure) {}

  /**
   * A consecutive-errors detector.
   *
   * @param consecutive errors in a row that eject a host (default 5)
   */
  public record ConsecutiveErrors(@JsonInclude(JsonInclude.Include.NON_NULL) Integer consecutive) {}

  /**
   * Success-rate outlier detection.
   *
   * @param requestVolume minimum requests per host in an interval (default 100)
   * @param minimumHosts minimum hosts with enough requests (default 5)
   * @param factor ejects hosts below mean − factor × stdev (default 1.9)
   */
  public record StandardDeviation(
      @JsonInclude(JsonInclude.Include.NON_NULL) Integer requestVolume,
      @JsonInclude(JsonInclude.Include.NON_NULL) Integer minimumHosts,
      @JsonInclude(JsonInclude.Include.NON_NULL) Double factor) {}

  /**
   * Failure-percentage outlier detection.
   *
   * @param requestVolume minimum requests per host in an interval (default 50)
   * @param minimumHosts minimum hosts with enough requests (default 5)
   * @param threshold failure percentage that ejects a host, 0–100 (default 85)
   */
  public record Failure(
      @JsonInclude(JsonInclude.Include.NON_NULL) Integer requestVolume,
      @JsonInclude(JsonInclude.Include.NON_NULL) Integer minimumHosts,
      @JsonInclude(JsonInclude.Include.NON_NULL) Integer threshold) {}

  /**
   * Connection limits of a cluster; unset ones fall back to 1024/1024/1024/3.
   *
   * @param maxConnections upstream connections
   * @param maxPendingRequests requests waiting for a connection
   * @param maxRequests parallel requests
   * @param maxRetries parallel retries
   */
  public record Thresholds(
      @JsonInclude(JsonInclude.Include.NON_NULL) Integer maxConnections,
      @JsonInclude(JsonInclude.Include.NON_NULL) Integer maxPendingRequests,
      @JsonInclude(JsonInclude.Include.NON_NULL) Integer maxRequests,
      @JsonInclude(JsonInclude.Include.NON_NULL) Integer maxRetries) {}
}
