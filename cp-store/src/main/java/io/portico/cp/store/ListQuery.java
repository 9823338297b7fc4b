package io.portico.cp.store;

/**
 * Which resources of a type to list.
 *
 * @param mesh only this mesh, or null for every mesh (ignored for global types)
 * @param offset how many items to skip, in (mesh, name) order
 * @param size at most this many items; 0 for all
 */
public record ListQuery(String mesh, int offset, int size) {
  public ListQuery {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be >= 0 but was " + offset);
    }
    if (size < 0) {
      throw new IllegalArgumentException("size must be >= 0 but was " + size);
    }
  }

  /** Every resource of the type in every mesh. */
  public static ListQuery all() {
    return new ListQuery(null, 0, 0);
  }

  /** Every resource of the type in one mesh. */
  public static ListQuery inMesh(String mesh) {
    return new ListQuery(mesh, 0, 0);
  }
}
