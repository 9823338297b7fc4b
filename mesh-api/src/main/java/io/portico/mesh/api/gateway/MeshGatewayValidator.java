package io.portico.mesh.api.gateway;

import io.portico.mesh.api.Validator;
import io.portico.mesh.api.validation.Errors;

/** Validates a MeshGateway spec. */
public final class MeshGatewayValidator implements Validator<MeshGatewaySpec> {
  @Override
  public void validate(MeshGatewaySpec spec, Errors errors) {}
}
