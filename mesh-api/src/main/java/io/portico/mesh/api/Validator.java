package io.portico.mesh.api;

import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.Violation;
import java.util.List;

/**
 * Checks one spec, adding every violation to {@code errors}.
 *
 * <p>{@link #validate(ResourceSpec, Errors)} looks at the spec alone. Kinds whose rules span
 * resources (the owning mesh, referenced secrets) also override {@link #validate(ResourceSpec,
 * ResourceMeta, ValidationContext, Errors)}, which the control plane calls on every write.
 *
 * @param <S> the spec type
 */
@FunctionalInterface
public interface Validator<S extends ResourceSpec> {
  void validate(S spec, Errors errors);

  /** Validates with access to the resource's meta and to other resources. */
  default void validate(S spec, ResourceMeta meta, ValidationContext context, Errors errors) {
    validate(spec, errors);
  }

  /** Validates the spec alone and returns every violation (empty when valid). */
  default List<Violation> violations(S spec) {
    Errors errors = new Errors();
    validate(spec, errors);
    return errors.violations();
  }
}
