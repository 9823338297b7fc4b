package io.portico.mesh.api.policy;

import io.portico.mesh.api.ResourceSpec;

/** The spec of a VirtualOutbound. */
public record VirtualOutboundSpec() implements ResourceSpec {}
