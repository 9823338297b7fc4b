package io.portico.mesh.api.policy;

import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.Validator;

/** Validates a CircuitBreaker spec. */
public final class CircuitBreakerValidator implements Validator<CircuitBreakerSpec> {
  @Override
  public void validate(CircuitBreakerSpec spec, Errors errors) {}
}
