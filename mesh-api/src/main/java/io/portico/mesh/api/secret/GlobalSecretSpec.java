package io.portico.mesh.api.secret;

import io.portico.mesh.api.LargeText;
import io.portico.mesh.api.ResourceSpec;
import io.portico.mesh.api.SpecValues;

/**
 * The spec of a GlobalSecret: a secret not bound to a mesh (zone token signing keys, the Envoy
 * admin CA).
 *
 * @param data the secret bytes, base64-encoded as protobuf-JSON writes {@code bytes}
 */
public record GlobalSecretSpec(@LargeText String data) implements ResourceSpec {
  public GlobalSecretSpec {
    data = SpecValues.text(data);
  }

  /** The decoded bytes; only meaningful for a spec that passed validation. */
  public byte[] bytes() {
    return SecretValidator.decode(data);
  }

  @Override
  public String toString() {
    return "GlobalSecretSpec[data=<" + data.length() + " base64 characters>]";
  }
}
