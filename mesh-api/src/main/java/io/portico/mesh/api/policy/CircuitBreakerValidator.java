package io.portico.mesh.api.policy;

import io.portico.mesh.api.Validator;
import io.portico.mesh.api.validation.Errors;

/** Validates a CircuitBreaker spec. */
public final class CircuitBreakerValidator implements Validator<CircuitBreakerSpec> {
  @Override
  public void validate(CircuitBreakerSpec spec, Errors errors) {}
}
