package io.portico.mesh.api.gateway;

import io.portico.mesh.api.Validator;
import io.portico.mesh.api.validation.Errors;

/** Validates a MeshGatewayRoute spec. */
public final class MeshGatewayRouteValidator implements Validator<MeshGatewayRouteSpec> {
  @Override
  public void validate(MeshGatewayRouteSpec spec, Errors errors) {}
}
