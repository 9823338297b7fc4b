package io.portico.mesh.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** An in-memory {@link ValidationContext} holding the resources a test puts in it. */
public final class FakeValidationContext implements ValidationContext {
  private final List<Resource<?>> resources = new ArrayList<>();

  public FakeValidationContext with(Resource<?> resource) {
    resources.add(resource);
    return this;
  }

  @Override
  public Optional<Resource<?>> find(String typeName, String mesh, String name) {
    return resources.stream()
        .filter(
            r -> r.type().name().equals(typeName) && r.mesh().equals(mesh) && r.name().equals(name))
        .findFirst();
  }

  @Override
  public List<Resource<?>> list(String typeName, String mesh) {
    return resources.stream()
        .filter(r -> r.type().name().equals(typeName) && r.mesh().equals(mesh))
        .toList();
  }
}
