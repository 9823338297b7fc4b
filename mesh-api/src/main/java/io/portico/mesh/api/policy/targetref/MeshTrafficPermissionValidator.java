package io.portico.mesh.api.policy.targetref;

import io.portico.mesh.api.Validator;
import io.portico.mesh.api.validation.Errors;

/** Validates a MeshTrafficPermission spec. */
public final class MeshTrafficPermissionValidator implements Validator<MeshTrafficPermissionSpec> {
  @Override
  public void validate(MeshTrafficPermissionSpec spec, Errors errors) {}
}
