package io.portico.mesh.api.policy;

import io.portico.mesh.api.Validator;
import io.portico.mesh.api.validation.Errors;

/** Validates a TrafficRoute spec. */
public final class TrafficRouteValidator implements Validator<TrafficRouteSpec> {
  @Override
  public void validate(TrafficRouteSpec spec, Errors errors) {}
}
