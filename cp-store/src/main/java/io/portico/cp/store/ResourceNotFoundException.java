package io.portico.cp.store;

import io.portico.mesh.api.ResourceKey;

/** Thrown when the resource does not exist. */
public final class ResourceNotFoundException extends StoreException {
  private final ResourceKey key;

  public ResourceNotFoundException(ResourceKey key, String message) {
    super(message);
    this.key = key;
  }

  public ResourceKey key() {
    return key;
  }
}
