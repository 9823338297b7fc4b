package io.portico.proxy.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Outlier detection of a cluster (spec gateway.md §4.5 CircuitBreaker detectors, with Envoy's
 * meaning): an endpoint that fails is ejected from load balancing for {@code baseEjectionTime ×
 * times ejected}, at most {@code maxEjectionPercent} of the endpoints at once (but always one). A
 * detector with threshold 0 (or {@code null}) is off.
 *
 * @param interval how often ejections are reviewed and the rate detectors run
 * @param consecutive5xx 5xx in a row (plus local-origin failures unless split)
 * @param consecutiveGatewayFailure 502/503/504 in a row (plus local-origin failures unless split)
 * @param consecutiveLocalOriginFailure connect failures and resets in a row, when split
 * @param successRate success-rate detector; {@code null} = off
 * @param failurePercentage failure-percentage detector; {@code null} = off
 */
public record OutlierDetectionConfig(
    Duration interval,
    Duration baseEjectionTime,
    int maxEjectionPercent,
    boolean splitExternalAndLocalErrors,
    int consecutive5xx,
    int consecutiveGatewayFailure,
    int consecutiveLocalOriginFailure,
    SuccessRate successRate,
    FailurePercentage failurePercentage) {
  /** The longest ejection (Envoy's {@code max_ejection_time} default). */
  public static final Duration MAX_EJECTION_TIME = Duration.ofSeconds(300);

  public OutlierDetectionConfig {
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(baseEjectionTime, "baseEjectionTime");
  }

  /**
   * Success-rate outliers: with at least {@code minimumHosts} endpoints having {@code
   * requestVolume} requests in an interval, those below {@code mean − factor × stdev} are ejected.
   */
  public record SuccessRate(int requestVolume, int minimumHosts, double factor) {}

  /** Failure-percentage outliers: endpoints whose failure percentage reaches {@code threshold}. */
  public record FailurePercentage(int requestVolume, int minimumHosts, int threshold) {}
}
