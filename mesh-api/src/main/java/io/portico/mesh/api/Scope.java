package io.portico.mesh.api;

/** Where a resource lives: inside one mesh, or once for the whole control plane. */
public enum Scope {
  /** Identified by (type, mesh, name); deleted with its mesh. */
  MESH,
  /** Identified by (type, name); the mesh is empty (Mesh, Zone, GlobalSecret, ...). */
  GLOBAL
}
