package io.portico.mesh.api.policy;

import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.Validator;

/** Validates a Retry spec. */
public final class RetryValidator implements Validator<RetrySpec> {
  @Override
  public void validate(RetrySpec spec, Errors errors) {}
}
