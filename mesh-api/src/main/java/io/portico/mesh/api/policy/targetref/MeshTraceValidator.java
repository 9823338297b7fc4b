package io.portico.mesh.api.policy.targetref;

import io.portico.mesh.api.Validator;
import io.portico.mesh.api.validation.Errors;

/** Validates a MeshTrace spec. */
public final class MeshTraceValidator implements Validator<MeshTraceSpec> {
  @Override
  public void validate(MeshTraceSpec spec, Errors errors) {}
}
