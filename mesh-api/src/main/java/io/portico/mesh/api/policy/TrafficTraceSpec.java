package io.portico.mesh.api.policy;

import io.portico.mesh.api.ResourceSpec;

/** The spec of a TrafficTrace. */
public record TrafficTraceSpec() implements ResourceSpec {}
