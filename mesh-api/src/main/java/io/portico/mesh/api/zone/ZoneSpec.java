package io.portico.mesh.api.zone;

import io.portico.mesh.api.ResourceSpec;

/** The spec of a Zone. */
public record ZoneSpec() implements ResourceSpec {}
