package io.portico.mesh.api.policy;

import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.Validator;

/** Validates a FaultInjection spec. */
public final class FaultInjectionValidator implements Validator<FaultInjectionSpec> {
  @Override
  public void validate(FaultInjectionSpec spec, Errors errors) {}
}
