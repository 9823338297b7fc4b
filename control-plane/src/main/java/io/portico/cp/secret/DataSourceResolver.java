package io.portico.cp.secret;

import io.portico.cp.compiler.MeshSnapshot.ResolvedData;
import io.portico.cp.store.ResourceStore;
import io.portico.mesh.api.DataSource;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.ResourceSpec;
import io.portico.mesh.api.ResourceType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;

/**
 * Reads the content of a {@link DataSource} (spec/core.md §1.2, spec/gateway.md §1.2): a Secret of
 * the same mesh, a file on the control plane, base64 bytes inline or text inline. Content is
 * returned as text (PEM). A source that cannot be read gives a {@link ResolvedData#failed} naming
 * the source and the reason, never an exception, so that callers can report it where it is used.
 *
 * <p>Reads the store and the file system on the caller's thread; never on an event loop.
 */
public final class DataSourceResolver {
  private final ResourceStore store;
  private final SecretData secrets;

  public DataSourceResolver(ResourceStore store, SecretData secrets) {
    this.store = store;
    this.secrets = secrets;
  }

  /** The content of {@code source}, whose {@code secret} is looked up in {@code mesh}. */
  public ResolvedData resolve(String mesh, DataSource source) {
    return switch (source.kind()) {
      case SECRET -> secret(mesh, source.secret());
      case FILE -> file(source.file());
      case INLINE -> inline(source.inline());
      case INLINE_STRING -> ResolvedData.of(source.inlineString());
      case NONE ->
          ResolvedData.failed(
              "data source is empty: expected one of secret, file, inline, inlineString");
    };
  }

  private ResolvedData secret(String mesh, String name) {
    Optional<? extends Resource<?>> secret = find(secrets.secretType(), mesh, name);
    if (secret.isEmpty()) {
      return ResolvedData.failed("secret \"" + name + "\" not found in mesh " + mesh);
    }
    return secrets
        .data(secret.get())
        .map(bytes -> ResolvedData.of(new String(bytes, StandardCharsets.UTF_8)))
        .orElseGet(
            () ->
                ResolvedData.failed(
                    "secret \"" + name + "\" in mesh " + mesh + " has no data: expected base64"));
  }

  private <S extends ResourceSpec> Optional<Resource<S>> find(
      ResourceType<S> type, String mesh, String name) {
    return store.get(type, mesh, name);
  }

  private static ResolvedData file(String file) {
    try {
      return ResolvedData.of(Files.readString(Path.of(file), StandardCharsets.UTF_8));
    } catch (IOException | InvalidPathException e) {
      return ResolvedData.failed(
          "file \"" + file + "\" cannot be read on the control plane: " + e.getMessage());
    }
  }

  private static ResolvedData inline(String base64) {
    try {
      return ResolvedData.of(
          new String(
              Base64.getDecoder().decode(base64.replaceAll("\\s", "")), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return ResolvedData.failed("inline data is not valid base64: " + e.getMessage());
    }
  }
}
