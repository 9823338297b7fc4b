package io.portico.mesh.api.policy;

import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.Validator;

/** Validates a ExternalService spec. */
public final class ExternalServiceValidator implements Validator<ExternalServiceSpec> {
  @Override
  public void validate(ExternalServiceSpec spec, Errors errors) {}
}
