package io.portico.mesh.api.policy;

import io.portico.mesh.api.ResourceSpec;

/** The spec of a TrafficPermission. */
public record TrafficPermissionSpec() implements ResourceSpec {}
