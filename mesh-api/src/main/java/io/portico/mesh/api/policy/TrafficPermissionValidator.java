package io.portico.mesh.api.policy;

import io.portico.mesh.api.Validator;
import io.portico.mesh.api.validation.Errors;

/** Validates a TrafficPermission spec. */
public final class TrafficPermissionValidator implements Validator<TrafficPermissionSpec> {
  @Override
  public void validate(TrafficPermissionSpec spec, Errors errors) {}
}
