package io.portico.mesh.api;

import java.util.Objects;

/**
 * Describes one kind of resource: its names in the API and the CLI, its scope and its spec.
 *
 * @param name the type name as in {@code type:} and {@code kind:} ({@code MeshGateway})
 * @param plural the REST path segment ({@code meshgateways})
 * @param cliSingular the CLI name of one ({@code meshgateway})
 * @param cliPlural the CLI name of many ({@code meshgateways})
 * @param scope mesh-scoped or global
 * @param shape where the spec sits in the Universal form
 * @param specClass the record holding the spec
 * @param validator checks a spec, reporting every error with its field path
 * @param adminOnly whether only admins may read or write it (secrets)
 * @param <S> the spec type
 */
public record ResourceType<S extends ResourceSpec>(
    String name,
    String plural,
    String cliSingular,
    String cliPlural,
    Scope scope,
    SpecShape shape,
    Class<S> specClass,
    Validator<S> validator,
    boolean adminOnly) {
  public ResourceType {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(plural, "plural");
    Objects.requireNonNull(cliSingular, "cliSingular");
    Objects.requireNonNull(cliPlural, "cliPlural");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(specClass, "specClass");
    Objects.requireNonNull(validator, "validator");
  }

  public boolean isMeshScoped() {
    return scope == Scope.MESH;
  }

  /** Casts a spec of unknown static type to this type's spec, failing clearly otherwise. */
  public S cast(ResourceSpec spec) {
    return specClass.cast(spec);
  }

  @Override
  public String toString() {
    return name;
  }
}
