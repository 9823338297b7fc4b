package io.portico.mesh.api.gateway;

import io.portico.mesh.api.Validator;
import io.portico.mesh.api.validation.Errors;

/** Validates a MeshGatewayInstance spec. */
public final class MeshGatewayInstanceValidator implements Validator<MeshGatewayInstanceSpec> {
  @Override
  public void validate(MeshGatewayInstanceSpec spec, Errors errors) {}
}
