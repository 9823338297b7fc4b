package io.portico.mesh.api;

/** How a resource's spec sits in its Universal (REST and YAML) form. */
public enum SpecShape {
  /**
   * Spec fields inline beside {@code type}, {@code mesh} and {@code name} (old-style resources).
   */
  INLINE,
  /** Spec under a {@code spec:} key (targetRef policies such as MeshTrafficPermission). */
  NESTED
}
