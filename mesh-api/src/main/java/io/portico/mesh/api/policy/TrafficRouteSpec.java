package io.portico.mesh.api.policy;

import io.portico.mesh.api.ResourceSpec;

/** The spec of a TrafficRoute. */
public record TrafficRouteSpec() implements ResourceSpec {}
