package io.portico.mesh.api.secret;

import io.portico.mesh.api.Validator;
import io.portico.mesh.api.validation.Errors;

/** Validates a Secret spec. */
public final class SecretValidator implements Validator<SecretSpec> {
  @Override
  public void validate(SecretSpec spec, Errors errors) {}
}
