package io.portico.cp.secret;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.ResourceSpec;
import io.portico.mesh.api.ResourceType;
import io.portico.mesh.api.codec.ResourceCodec;
import java.util.Base64;
import java.util.Optional;

/**
 * Builds Secret and GlobalSecret resources from bytes and reads their bytes back, through the
 * Universal JSON form where {@code data} is base64 (spec/core.md §5.2).
 */
public final class SecretData {
  public static final String SECRET = "Secret";
  public static final String GLOBAL_SECRET = "GlobalSecret";

  private final ResourceCodec codec;

  public SecretData(ResourceCodec codec) {
    this.codec = codec;
  }

  /** The Secret type of the codec's registry. */
  public ResourceType<?> secretType() {
    return type(SECRET);
  }

  /** The GlobalSecret type of the codec's registry. */
  public ResourceType<?> globalSecretType() {
    return type(GLOBAL_SECRET);
  }

  private ResourceType<?> type(String name) {
    return codec
        .types()
        .byName(name)
        .orElseThrow(
            () -> new IllegalStateException("resource type " + name + " is not registered"));
  }

  /** A mesh-scoped Secret holding {@code data}. */
  public Resource<?> secret(String mesh, String name, byte[] data) {
    return build(secretType(), mesh, name, data);
  }

  /** A GlobalSecret holding {@code data}. */
  public Resource<?> globalSecret(String name, byte[] data) {
    return build(globalSecretType(), "", name, data);
  }

  private <S extends ResourceSpec> Resource<S> build(
      ResourceType<S> type, String mesh, String name, byte[] data) {
    ObjectNode spec = JsonNodeFactory.instance.objectNode();
    spec.put("data", Base64.getEncoder().encodeToString(data));
    return Resource.of(type, mesh, name, codec.specFromTree(type, spec));
  }

  /** The decoded {@code data} of a secret, if it has any. */
  public Optional<byte[]> data(Resource<?> secret) {
    String base64 = codec.specToTree(secret.spec()).path("data").asText("");
    if (base64.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Base64.getDecoder().decode(base64));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether the registered secret specs keep {@code data}. While the spec records are placeholders
   * they drop it, and nothing that lives in secrets (signing keys) can be read back.
   */
  public boolean isDataRetained() {
    byte[] probe = {1, 2, 3};
    return data(globalSecret("probe", probe)).isPresent()
        && data(secret("m", "probe", probe)).isPresent();
  }
}
