package io.portico.mesh.api.policy;

import io.portico.mesh.api.Validator;
import io.portico.mesh.api.validation.Errors;

/** Validates a TrafficLog spec. */
public final class TrafficLogValidator implements Validator<TrafficLogSpec> {
  @Override
  public void validate(TrafficLogSpec spec, Errors errors) {}
}
