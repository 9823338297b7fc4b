package io.portico.mesh.api.secret;

import io.portico.mesh.api.Validator;
import io.portico.mesh.api.validation.Errors;
import java.util.Base64;

/**
 * Validates a Secret spec: {@code data} is required and must be base64, standard or URL-safe, with
 * or without padding, as protobuf-JSON accepts {@code bytes}. Messages never echo the secret.
 */
public final class SecretValidator implements Validator<SecretSpec> {
  @Override
  public void validate(SecretSpec spec, Errors errors) {
    validateData(spec.data(), errors);
  }

  static void validateData(String data, Errors errors) {
    if (data.isEmpty()) {
      errors.add("data", "cannot be empty");
      return;
    }
    try {
      decode(data);
    } catch (IllegalArgumentException e) {
      errors.add("data", "must be valid base64");
    }
  }

  /**
   * Decodes standard or URL-safe base64, ignoring line breaks.
   *
   * @throws IllegalArgumentException when the text is not base64
   */
  static byte[] decode(String data) {
    String compact = data.replace("\r", "").replace("\n", "");
    try {
      return Base64.getDecoder().decode(compact);
    } catch (IllegalArgumentException standard) {
      return Base64.getUrlDecoder().decode(compact);
    }
  }
}
