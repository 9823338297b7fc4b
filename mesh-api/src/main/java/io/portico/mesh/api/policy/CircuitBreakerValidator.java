package io.portico.mesh.api.policy;

import io.portico.mesh.api.Validator;
import io.portico.mesh.api.policy.CircuitBreakerSpec.Detectors;
import io.portico.mesh.api.policy.CircuitBreakerSpec.Thresholds;
import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.Path;

/**
 * Validates a CircuitBreaker (spec/core.md §3.4): sources S1, destinations SVC, {@code conf} with
 * detectors and/or thresholds (each non-empty when present), percentages within [0, 100].
 */
public final class CircuitBreakerValidator implements Validator<CircuitBreakerSpec> {
  static final String PERCENTAGE = "has to be in [0.0 - 100.0] range";

  @Override
  public void validate(CircuitBreakerSpec spec, Errors errors) {
    PolicySelectors.withService(Path.of("sources"), spec.sources(), errors);
    PolicySelectors.serviceOnly(Path.of("destinations"), spec.destinations(), errors);
    Path conf = Path.of("conf");
    CircuitBreakerSpec.Conf c = spec.conf();
    boolean hasDetectors = c != null && hasAny(c.detectors());
    boolean hasThresholds = c != null && hasAny(c.thresholds());
    if (!hasDetectors && !hasThresholds) {
      errors.add(conf, "must have at least one of the detector or threshold configured");
      return;
    }
    if (c.detectors() != null && !hasDetectors) {
      errors.add(conf.field("detectors"), "can't be empty");
    }
    if (c.thresholds() != null && !hasThresholds) {
      errors.add(conf.field("thresholds"), "can't be empty");
    }
    ConfRules.percentage(
        conf.field("maxEjectionPercent"), c.maxEjectionPercent(), PERCENTAGE, errors);
    if (c.detectors() != null
        && c.detectors().standardDeviation() != null
        && c.detectors().standardDeviation().factor() != null
        && c.detectors().standardDeviation().factor() < 0) {
      errors.add(
          conf.field("detectors").field("standardDeviation").field("factor"),
          "must not be negative");
    }
    if (c.detectors() != null && c.detectors().failure() != null) {
      ConfRules.percentage(
          conf.field("detectors").field("failure").field("threshold"),
          c.detectors().failure().threshold(),
          PERCENTAGE,
          errors);
    }
  }

  private static boolean hasAny(Detectors d) {
    return d != null
        && (d.totalErrors() != null
            || d.gatewayErrors() != null
            || d.localErrors() != null
            || d.standardDeviation() != null
            || d.failure() != null);
  }

  private static boolean hasAny(Thresholds t) {
    return t != null
        && (t.maxConnections() != null
            || t.maxPendingRequests() != null
            || t.maxRequests() != null
            || t.maxRetries() != null);
  }
}
