package io.portico.mesh.api.gateway;

import io.portico.mesh.api.ResourceSpec;

/** The spec of a MeshGatewayRoute. */
public record MeshGatewayRouteSpec() implements ResourceSpec {}
