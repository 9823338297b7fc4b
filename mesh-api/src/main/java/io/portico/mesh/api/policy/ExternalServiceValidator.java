package io.portico.mesh.api.policy;

import io.portico.mesh.api.Validator;
import io.portico.mesh.api.validation.Errors;

/** Validates a ExternalService spec. */
public final class ExternalServiceValidator implements Validator<ExternalServiceSpec> {
  @Override
  public void validate(ExternalServiceSpec spec, Errors errors) {}
}
