package io.portico.mesh.api.secret;

import io.portico.mesh.api.ResourceSpec;

/** The spec of a Secret. */
public record SecretSpec() implements ResourceSpec {}
