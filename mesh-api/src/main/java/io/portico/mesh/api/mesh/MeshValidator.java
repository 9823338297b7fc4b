package io.portico.mesh.api.mesh;

import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.Validator;

/** Validates a Mesh spec. */
public final class MeshValidator implements Validator<MeshSpec> {
  @Override
  public void validate(MeshSpec spec, Errors errors) {}
}
