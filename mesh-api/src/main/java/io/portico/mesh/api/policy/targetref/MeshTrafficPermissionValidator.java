package io.portico.mesh.api.policy.targetref;

import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.Validator;

/** Validates a MeshTrafficPermission spec. */
public final class MeshTrafficPermissionValidator implements Validator<MeshTrafficPermissionSpec> {
  @Override
  public void validate(MeshTrafficPermissionSpec spec, Errors errors) {}
}
