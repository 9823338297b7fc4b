package io.portico.mesh.api.zone;

import io.portico.mesh.api.Validator;
import io.portico.mesh.api.validation.Errors;

/** Validates a ZoneEgress spec. */
public final class ZoneEgressValidator implements Validator<ZoneEgressSpec> {
  @Override
  public void validate(ZoneEgressSpec spec, Errors errors) {}
}
