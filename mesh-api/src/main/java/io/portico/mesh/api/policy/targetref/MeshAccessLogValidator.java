package io.portico.mesh.api.policy.targetref;

import io.portico.mesh.api.Validator;
import io.portico.mesh.api.validation.Errors;

/** Validates a MeshAccessLog spec. */
public final class MeshAccessLogValidator implements Validator<MeshAccessLogSpec> {
  @Override
  public void validate(MeshAccessLogSpec spec, Errors errors) {}
}
