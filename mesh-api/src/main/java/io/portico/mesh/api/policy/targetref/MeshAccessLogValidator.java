package io.portico.mesh.api.policy.targetref;

import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.Validator;

/** Validates a MeshAccessLog spec. */
public final class MeshAccessLogValidator implements Validator<MeshAccessLogSpec> {
  @Override
  public void validate(MeshAccessLogSpec spec, Errors errors) {}
}
