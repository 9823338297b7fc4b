package io.portico.mesh.api.policy;

import io.portico.mesh.api.Validator;
import io.portico.mesh.api.validation.Errors;

/** Validates a HealthCheck spec. */
public final class HealthCheckValidator implements Validator<HealthCheckSpec> {
  @Override
  public void validate(HealthCheckSpec spec, Errors errors) {}
}
