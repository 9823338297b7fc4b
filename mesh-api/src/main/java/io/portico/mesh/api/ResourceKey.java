package io.portico.mesh.api;

import java.util.Objects;

/** The identity of a resource: (type name, mesh, name). The mesh is empty for global types. */
public record ResourceKey(String type, String mesh, String name) {
  public ResourceKey {
    Objects.requireNonNull(type, "type");
    mesh = mesh == null ? "" : mesh;
    Objects.requireNonNull(name, "name");
  }

  @Override
  public String toString() {
    return mesh.isEmpty() ? type + " " + name : type + " " + mesh + "/" + name;
  }
}
