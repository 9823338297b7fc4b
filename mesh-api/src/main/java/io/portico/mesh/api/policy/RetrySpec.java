package io.portico.mesh.api.policy;

import io.portico.mesh.api.ResourceSpec;

/** The spec of a Retry. */
public record RetrySpec() implements ResourceSpec {}
