package io.portico.mesh.api.mesh;

import io.portico.mesh.api.Validator;
import io.portico.mesh.api.validation.Errors;

/** Validates a Mesh spec. */
public final class MeshValidator implements Validator<MeshSpec> {
  @Override
  public void validate(MeshSpec spec, Errors errors) {}
}
