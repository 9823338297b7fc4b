package io.portico.cp.store.manager;

import io.portico.cp.store.StoreException;

/** A mesh-scoped resource names a mesh that does not exist (spec/core.md §0 "Ownership"). */
public final class MeshNotFoundException extends StoreException {
  private final String mesh;

  public MeshNotFoundException(String mesh) {
    super("mesh \"" + mesh + "\" does not exist: create the Mesh first");
    this.mesh = mesh;
  }

  public String mesh() {
    return mesh;
  }
}
