package io.portico.mesh.api;

import java.time.Instant;
import java.util.Objects;

/**
 * Identity and bookkeeping of a stored resource.
 *
 * @param mesh the owning mesh; empty for global-scoped types
 * @param name the resource name
 * @param version optimistic-concurrency version; 0 for a resource not yet stored
 * @param creationTime when the resource was created, or null when not yet stored
 * @param modificationTime when the resource was last changed, or null when not yet stored
 */
public record ResourceMeta(
    String mesh, String name, long version, Instant creationTime, Instant modificationTime) {
  public ResourceMeta {
    mesh = mesh == null ? "" : mesh;
    Objects.requireNonNull(name, "name");
  }

  /** Meta of a resource that has not been stored yet. */
  public static ResourceMeta of(String mesh, String name) {
    return new ResourceMeta(mesh, name, 0, null, null);
  }

  public ResourceMeta withVersion(long newVersion, Instant created, Instant modified) {
    return new ResourceMeta(mesh, name, newVersion, created, modified);
  }
}
