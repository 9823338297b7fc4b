package io.portico.mesh.api.policy;

import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.Validator;

/** Validates a TrafficLog spec. */
public final class TrafficLogValidator implements Validator<TrafficLogSpec> {
  @Override
  public void validate(TrafficLogSpec spec, Errors errors) {}
}
