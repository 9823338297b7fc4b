package io.portico.mesh.api.policy.targetref;

import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.Validator;

/** Validates a MeshTrace spec. */
public final class MeshTraceValidator implements Validator<MeshTraceSpec> {
  @Override
  public void validate(MeshTraceSpec spec, Errors errors) {}
}
