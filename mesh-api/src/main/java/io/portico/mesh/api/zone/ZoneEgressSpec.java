package io.portico.mesh.api.zone;

import io.portico.mesh.api.ResourceSpec;

/** The spec of a ZoneEgress. */
public record ZoneEgressSpec() implements ResourceSpec {}
