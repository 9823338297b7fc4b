package io.portico.mesh.api.zone;

import io.portico.mesh.api.Validator;
import io.portico.mesh.api.validation.Errors;

/** Validates a Zone spec: its only field, {@code enabled}, has no invalid values. */
public final class ZoneValidator implements Validator<ZoneSpec> {
  @Override
  public void validate(ZoneSpec spec, Errors errors) {}
}
