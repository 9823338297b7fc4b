package io.portico.mesh.api.policy;

import io.portico.mesh.api.Validator;
import io.portico.mesh.api.validation.Errors;

/** Validates a TrafficTrace spec. */
public final class TrafficTraceValidator implements Validator<TrafficTraceSpec> {
  @Override
  public void validate(TrafficTraceSpec spec, Errors errors) {}
}
