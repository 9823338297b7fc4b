package io.portico.mesh.api.validation;

import io.portico.mesh.api.ResourceSpec;

/**
 * Checks one spec on its own (no other resources), adding every violation to {@code errors}.
 *
 * @param <S> the spec type
 */
@FunctionalInterface
public interface Validator<S extends ResourceSpec> {
  void validate(S spec, Errors errors);

  /** Validates and returns every violation (empty when valid). */
  default java.util.List<Violation> violations(S spec) {
    Errors errors = new Errors();
    validate(spec, errors);
    return errors.violations();
  }
}
