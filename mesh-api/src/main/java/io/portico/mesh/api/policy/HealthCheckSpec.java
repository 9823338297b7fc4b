package io.portico.mesh.api.policy;

import io.portico.mesh.api.ResourceSpec;

/** The spec of a HealthCheck. */
public record HealthCheckSpec() implements ResourceSpec {}
