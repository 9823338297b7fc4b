package io.portico.mesh.api.policy;

import io.portico.mesh.api.Validator;
import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.Path;

/**
 * Validates a TrafficTrace: selectors S2; {@code conf.backend} may be empty (the mesh default
 * backend) (spec/core.md §3.4).
 */
public final class TrafficTraceValidator implements Validator<TrafficTraceSpec> {
  @Override
  public void validate(TrafficTraceSpec spec, Errors errors) {
    PolicySelectors.anyTags(Path.of("selectors"), spec.selectors(), errors);
  }
}
