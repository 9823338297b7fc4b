package io.portico.mesh.api.policy;

import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.Validator;

/** Validates a TrafficPermission spec. */
public final class TrafficPermissionValidator implements Validator<TrafficPermissionSpec> {
  @Override
  public void validate(TrafficPermissionSpec spec, Errors errors) {}
}
