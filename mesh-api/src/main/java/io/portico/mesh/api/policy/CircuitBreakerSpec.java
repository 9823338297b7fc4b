package io.portico.mesh.api.policy;

import io.portico.mesh.api.ResourceSpec;

/** The spec of a CircuitBreaker. */
public record CircuitBreakerSpec() implements ResourceSpec {}
