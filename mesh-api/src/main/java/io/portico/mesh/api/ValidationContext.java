package io.portico.mesh.api;

import java.util.List;
import java.util.Optional;

/**
 * Read access to other resources for checks that span resources (a crossMesh listener needs mTLS on
 * its mesh, a provided CA needs its secrets). Implemented by the control plane over its store;
 * validators only read through it.
 */
public interface ValidationContext {
  /** A context in which no other resource exists. */
  ValidationContext EMPTY =
      new ValidationContext() {
        @Override
        public Optional<Resource<?>> find(String typeName, String mesh, String name) {
          return Optional.empty();
        }

        @Override
        public List<Resource<?>> list(String typeName, String mesh) {
          return List.of();
        }
      };

  /**
   * The resource of type {@code typeName} (e.g. {@code "Mesh"}); mesh is empty for global types.
   */
  Optional<Resource<?>> find(String typeName, String mesh, String name);

  /** Every resource of type {@code typeName} in {@code mesh} (empty mesh for global types). */
  List<Resource<?>> list(String typeName, String mesh);
}
