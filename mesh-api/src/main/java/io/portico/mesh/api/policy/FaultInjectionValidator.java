package io.portico.mesh.api.policy;

import io.portico.mesh.api.Validator;
import io.portico.mesh.api.validation.Errors;

/** Validates a FaultInjection spec. */
public final class FaultInjectionValidator implements Validator<FaultInjectionSpec> {
  @Override
  public void validate(FaultInjectionSpec spec, Errors errors) {}
}
