package io.portico.mesh.api.secret;

import io.portico.mesh.api.LargeText;
import io.portico.mesh.api.ResourceSpec;
import io.portico.mesh.api.SpecValues;

/**
 * The spec of a mesh-scoped Secret (CA material, certificates referenced by {@code secret:} data
 * sources, token signing keys).
 *
 * @param data the secret bytes, base64-encoded as protobuf-JSON writes {@code bytes}
 */
public record SecretSpec(@LargeText String data) implements ResourceSpec {
  public SecretSpec {
    data = SpecValues.text(data);
  }

  /** The decoded bytes; only meaningful for a spec that passed validation. */
  public byte[] bytes() {
    return SecretValidator.decode(data);
  }

  @Override
  public String toString() {
    return "SecretSpec[data=<" + data.length() + " base64 characters>]";
  }
}
