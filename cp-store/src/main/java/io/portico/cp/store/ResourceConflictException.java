package io.portico.cp.store;

import io.portico.mesh.api.ResourceKey;

/** Thrown when the resource was changed by someone else since it was read (stale version). */
public final class ResourceConflictException extends StoreException {
  private final ResourceKey key;

  public ResourceConflictException(ResourceKey key, String message) {
    super(message);
    this.key = key;
  }

  public ResourceKey key() {
    return key;
  }
}
