package io.portico.mesh.api;

import java.util.Objects;

/**
 * One resource: its type, meta and spec.
 *
 * @param <S> the spec type of the resource type
 */
public record Resource<S extends ResourceSpec>(ResourceType<S> type, ResourceMeta meta, S spec) {
  public Resource {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(meta, "meta");
    Objects.requireNonNull(spec, "spec");
    if (!type.specClass().isInstance(spec)) {
      throw new IllegalArgumentException(
          "spec of type " + spec.getClass().getSimpleName() + " does not belong to " + type.name());
    }
  }

  public static <S extends ResourceSpec> Resource<S> of(
      ResourceType<S> type, String mesh, String name, S spec) {
    return new Resource<>(
        type, ResourceMeta.of(type.scope() == Scope.MESH ? mesh : "", name), spec);
  }

  public ResourceKey key() {
    return new ResourceKey(type.name(), meta.mesh(), meta.name());
  }

  public String mesh() {
    return meta.mesh();
  }

  public String name() {
    return meta.name();
  }

  public Resource<S> withMeta(ResourceMeta newMeta) {
    return new Resource<>(type, newMeta, spec);
  }

  public Resource<S> withSpec(S newSpec) {
    return new Resource<>(type, meta, newSpec);
  }

  /** Casts to a known type, failing clearly if it is another one. */
  @SuppressWarnings("unchecked")
  public <T extends ResourceSpec> Resource<T> as(ResourceType<T> expected) {
    if (!type.equals(expected)) {
      throw new IllegalArgumentException(
          "expected a " + expected.name() + " but got a " + type.name());
    }
    return (Resource<T>) this;
  }
}
