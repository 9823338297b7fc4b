package io.portico.mesh.api.gateway;

import io.portico.mesh.api.ResourceSpec;

/** The spec of a MeshGateway. */
public record MeshGatewaySpec() implements ResourceSpec {}
