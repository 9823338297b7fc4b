package io.portico.mesh.api.dataplane;

import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.Validator;

/** Validates a Dataplane spec. */
public final class DataplaneValidator implements Validator<DataplaneSpec> {
  @Override
  public void validate(DataplaneSpec spec, Errors errors) {}
}
