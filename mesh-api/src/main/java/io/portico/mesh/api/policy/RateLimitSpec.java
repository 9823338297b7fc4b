package io.portico.mesh.api.policy;

import io.portico.mesh.api.ResourceSpec;

/** The spec of a RateLimit. */
public record RateLimitSpec() implements ResourceSpec {}
