package io.portico.mesh.api.policy;

import io.portico.mesh.api.Validator;
import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.Path;

/**
 * Validates a TrafficLog: sources S1, destinations SVC; {@code conf.backend} may be empty (the mesh
 * default backend) (spec/core.md §3.4).
 */
public final class TrafficLogValidator implements Validator<TrafficLogSpec> {
  @Override
  public void validate(TrafficLogSpec spec, Errors errors) {
    PolicySelectors.withService(Path.of("sources"), spec.sources(), errors);
    PolicySelectors.serviceOnly(Path.of("destinations"), spec.destinations(), errors);
  }
}
