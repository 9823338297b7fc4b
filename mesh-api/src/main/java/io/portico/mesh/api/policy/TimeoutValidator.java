package io.portico.mesh.api.policy;

import io.portico.mesh.api.Validator;
import io.portico.mesh.api.validation.Errors;

/** Validates a Timeout spec. */
public final class TimeoutValidator implements Validator<TimeoutSpec> {
  @Override
  public void validate(TimeoutSpec spec, Errors errors) {}
}
