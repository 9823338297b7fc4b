package io.portico.mesh.api.policy;

import io.portico.mesh.api.ResourceSpec;

/** The spec of a FaultInjection. */
public record FaultInjectionSpec() implements ResourceSpec {}
