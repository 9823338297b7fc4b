package io.portico.mesh.api.dataplane;

import io.portico.mesh.api.Validator;
import io.portico.mesh.api.validation.Errors;

/** Validates a Dataplane spec. */
public final class DataplaneValidator implements Validator<DataplaneSpec> {
  @Override
  public void validate(DataplaneSpec spec, Errors errors) {}
}
