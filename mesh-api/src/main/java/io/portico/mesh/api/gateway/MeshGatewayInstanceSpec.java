package io.portico.mesh.api.gateway;

import io.portico.mesh.api.ResourceSpec;

/** The spec of a MeshGatewayInstance. */
public record MeshGatewayInstanceSpec() implements ResourceSpec {}
