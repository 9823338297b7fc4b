package io.portico.mesh.api.dataplane;

import io.portico.mesh.api.ResourceSpec;

/** The spec of a Dataplane. */
public record DataplaneSpec() implements ResourceSpec {}
