package io.portico.mesh.api.policy;

import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.Path;
import java.time.Duration;

/**
 * Value rules shared by the {@code conf} validators of this package, with Kuma's messages
 * (spec/core.md §3.4).
 */
final class ConfRules {
  static final String HAS_TO_BE_DEFINED = "has to be defined";
  static final String GREATER_THAN_ZERO = "has to be greater than 0";
  static final String GREATER_THAN_ZERO_WHEN_DEFINED = "has to be greater than 0 when defined";
  static final String CANNOT_BE_EMPTY = "cannot be empty";

  private ConfRules() {}

  /** A duration that must be set and positive. */
  static void requiredPositive(Path path, Duration value, Errors errors) {
    if (value == null) {
      errors.add(path, HAS_TO_BE_DEFINED);
    } else if (value.isZero() || value.isNegative()) {
      errors.add(path, GREATER_THAN_ZERO);
    }
  }

  /** A duration that may be unset but must be positive when set. */
  static void positiveWhenSet(Path path, Duration value, Errors errors) {
    if (value != null && (value.isZero() || value.isNegative())) {
      errors.add(path, GREATER_THAN_ZERO_WHEN_DEFINED);
    }
  }

  /** A count that may be unset but must be positive when set. */
  static void positiveWhenSet(Path path, Integer value, Errors errors) {
    if (value != null && value <= 0) {
      errors.add(path, GREATER_THAN_ZERO_WHEN_DEFINED);
    }
  }

  /** A percentage in [0, 100], when set. */
  static void percentage(Path path, Number value, String message, Errors errors) {
    if (value != null && (value.doubleValue() < 0 || value.doubleValue() > 100)) {
      errors.add(path, message);
    }
  }
}
