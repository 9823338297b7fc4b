package io.portico.mesh.api.policy;

import io.portico.mesh.api.Validator;
import io.portico.mesh.api.validation.Errors;

/** Validates a RateLimit spec. */
public final class RateLimitValidator implements Validator<RateLimitSpec> {
  @Override
  public void validate(RateLimitSpec spec, Errors errors) {}
}
