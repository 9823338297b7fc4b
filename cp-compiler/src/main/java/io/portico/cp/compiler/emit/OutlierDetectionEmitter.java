package io.portico.cp.compiler.emit;

import io.portico.mesh.api.policy.CircuitBreakerSpec;
import io.portico.proxy.api.v1.FailurePercentageDetector;
import io.portico.proxy.api.v1.OutlierDetection;
import io.portico.proxy.api.v1.SuccessRateDetector;
import java.util.Optional;

/**
 * The outlier detection of a CircuitBreaker (spec/gateway.md §4.5, spec/core.md §3.4), as Kuma maps
 * it to Envoy: {@code totalErrors} → consecutive 5xx, {@code gatewayErrors} → consecutive gateway
 * failures, {@code localErrors} → consecutive local-origin failures, {@code standardDeviation} →
 * success rate, {@code failure} → failure percentage; a detector that is not set is off, and
 * without any detector there is no outlier detection. Unset counts take Kuma's defaults (5 errors;
 * 100 requests, 5 hosts, factor 1.9; 50 requests, 5 hosts, 85%), an unset {@code
 * maxEjectionPercent} 10; unset intervals are left to the proxy (10 s, 30 s).
 */
final class OutlierDetectionEmitter {
  static final int DEFAULT_CONSECUTIVE = 5;
  static final int DEFAULT_MAX_EJECTION_PERCENT = 10;

  private OutlierDetectionEmitter() {}

  static Optional<OutlierDetection> emit(CircuitBreakerSpec.Conf conf) {
    CircuitBreakerSpec.Detectors detectors = conf.detectors();
    if (detectors == null
        || (detectors.totalErrors() == null
            && detectors.gatewayErrors() == null
            && detectors.localErrors() == null
            && detectors.standardDeviation() == null
            && detectors.failure() == null)) {
      return Optional.empty();
    }
    OutlierDetection.Builder detection =
        OutlierDetection.newBuilder()
            .setMaxEjectionPercent(
                conf.maxEjectionPercent() == null
                    ? DEFAULT_MAX_EJECTION_PERCENT
                    : Math.max(0, Math.min(100, conf.maxEjectionPercent())))
            .setSplitExternalAndLocalErrors(conf.splitExternalAndLocalErrors());
    if (conf.interval() != null && !conf.interval().isZero()) {
      detection.setInterval(ProxyConfigEmitter.duration(conf.interval()));
    }
    if (conf.baseEjectionTime() != null && !conf.baseEjectionTime().isZero()) {
      detection.setBaseEjectionTime(ProxyConfigEmitter.duration(conf.baseEjectionTime()));
    }
    if (detectors.totalErrors() != null) {
      detection.setConsecutive5Xx(consecutive(detectors.totalErrors()));
    }
    if (detectors.gatewayErrors() != null) {
      detection.setConsecutiveGatewayFailure(consecutive(detectors.gatewayErrors()));
    }
    if (detectors.localErrors() != null) {
      detection.setConsecutiveLocalOriginFailure(consecutive(detectors.localErrors()));
    }
    CircuitBreakerSpec.StandardDeviation deviation = detectors.standardDeviation();
    if (deviation != null) {
      detection.setSuccessRate(
          SuccessRateDetector.newBuilder()
              .setRequestVolume(orDefault(deviation.requestVolume(), 100))
              .setMinimumHosts(orDefault(deviation.minimumHosts(), 5))
              .setFactor(deviation.factor() == null ? 1.9 : deviation.factor()));
    }
    CircuitBreakerSpec.Failure failure = detectors.failure();
    if (failure != null) {
      detection.setFailurePercentage(
          FailurePercentageDetector.newBuilder()
              .setRequestVolume(orDefault(failure.requestVolume(), 50))
              .setMinimumHosts(orDefault(failure.minimumHosts(), 5))
              .setThreshold(orDefault(failure.threshold(), 85)));
    }
    return Optional.of(detection.build());
  }

  private static int consecutive(CircuitBreakerSpec.ConsecutiveErrors errors) {
    return orDefault(errors.consecutive(), DEFAULT_CONSECUTIVE);
  }

  private static int orDefault(Integer value, int fallback) {
    return value == null ? fallback : Math.max(0, value);
  }
}
