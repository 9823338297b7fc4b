package io.portico.mesh.api.secret;

import io.portico.mesh.api.Validator;
import io.portico.mesh.api.validation.Errors;

/** Validates a GlobalSecret spec with the same rules as {@link SecretValidator}. */
public final class GlobalSecretValidator implements Validator<GlobalSecretSpec> {
  @Override
  public void validate(GlobalSecretSpec spec, Errors errors) {
    SecretValidator.validateData(spec.data(), errors);
  }
}
