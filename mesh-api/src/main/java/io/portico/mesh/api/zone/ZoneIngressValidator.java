package io.portico.mesh.api.zone;

import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.Validator;

/** Validates a ZoneIngress spec. */
public final class ZoneIngressValidator implements Validator<ZoneIngressSpec> {
  @Override
  public void validate(ZoneIngressSpec spec, Errors errors) {}
}
