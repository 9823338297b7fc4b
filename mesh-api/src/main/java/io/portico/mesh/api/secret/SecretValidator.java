package io.portico.mesh.api.secret;

import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.Validator;

/** Validates a Secret spec. */
public final class SecretValidator implements Validator<SecretSpec> {
  @Override
  public void validate(SecretSpec spec, Errors errors) {}
}
