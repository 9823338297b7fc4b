package io.portico.mesh.api.zone;

import io.portico.mesh.api.ResourceSpec;

/** The spec of a ZoneIngress. */
public record ZoneIngressSpec() implements ResourceSpec {}
