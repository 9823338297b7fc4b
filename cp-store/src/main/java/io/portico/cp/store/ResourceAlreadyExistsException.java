package io.portico.cp.store;

import io.portico.mesh.api.ResourceKey;

/** Thrown when a resource with the same type, mesh and name already exists. */
public final class ResourceAlreadyExistsException extends StoreException {
  private final ResourceKey key;

  public ResourceAlreadyExistsException(ResourceKey key, String message) {
    super(message);
    this.key = key;
  }

  public ResourceKey key() {
    return key;
  }
}
