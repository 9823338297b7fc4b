package io.portico.mesh.api.policy;

import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.Validator;

/** Validates a RateLimit spec. */
public final class RateLimitValidator implements Validator<RateLimitSpec> {
  @Override
  public void validate(RateLimitSpec spec, Errors errors) {}
}
