package io.portico.mesh.api.policy;

import io.portico.mesh.api.ResourceSpec;

/** The spec of a TrafficLog. */
public record TrafficLogSpec() implements ResourceSpec {}
