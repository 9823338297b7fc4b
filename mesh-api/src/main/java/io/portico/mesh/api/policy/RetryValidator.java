package io.portico.mesh.api.policy;

import io.portico.mesh.api.Validator;
import io.portico.mesh.api.validation.Errors;

/** Validates a Retry spec. */
public final class RetryValidator implements Validator<RetrySpec> {
  @Override
  public void validate(RetrySpec spec, Errors errors) {}
}
