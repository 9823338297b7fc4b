package io.portico.mesh.api.policy;

import io.portico.mesh.api.ResourceSpec;

/** The spec of a ExternalService. */
public record ExternalServiceSpec() implements ResourceSpec {}
