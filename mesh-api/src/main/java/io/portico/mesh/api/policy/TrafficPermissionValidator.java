package io.portico.mesh.api.policy;

import io.portico.mesh.api.Validator;
import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.Path;

/** Validates a TrafficPermission: sources S2, destinations S2 (spec/core.md §3.4). */
public final class TrafficPermissionValidator implements Validator<TrafficPermissionSpec> {
  @Override
  public void validate(TrafficPermissionSpec spec, Errors errors) {
    PolicySelectors.anyTags(Path.of("sources"), spec.sources(), errors);
    PolicySelectors.anyTags(Path.of("destinations"), spec.destinations(), errors);
  }
}
