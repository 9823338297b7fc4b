package io.portico.mesh.api.policy;

import io.portico.mesh.api.ResourceSpec;

/** The spec of a Timeout. */
public record TimeoutSpec() implements ResourceSpec {}
