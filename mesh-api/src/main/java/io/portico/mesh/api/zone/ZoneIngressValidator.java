package io.portico.mesh.api.zone;

import io.portico.mesh.api.Validator;
import io.portico.mesh.api.validation.Errors;

/** Validates a ZoneIngress spec. */
public final class ZoneIngressValidator implements Validator<ZoneIngressSpec> {
  @Override
  public void validate(ZoneIngressSpec spec, Errors errors) {}
}
