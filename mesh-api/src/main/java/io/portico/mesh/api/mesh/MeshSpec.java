package io.portico.mesh.api.mesh;

import io.portico.mesh.api.ResourceSpec;

/** The spec of a Mesh. */
public record MeshSpec() implements ResourceSpec {}
