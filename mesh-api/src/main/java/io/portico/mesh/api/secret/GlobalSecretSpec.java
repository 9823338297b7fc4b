package io.portico.mesh.api.secret;

import io.portico.mesh.api.ResourceSpec;

/** The spec of a GlobalSecret. */
public record GlobalSecretSpec() implements ResourceSpec {}
