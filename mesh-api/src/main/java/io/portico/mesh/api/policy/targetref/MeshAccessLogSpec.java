package io.portico.mesh.api.policy.targetref;

import io.portico.mesh.api.ResourceSpec;

/** The spec of a MeshAccessLog. */
public record MeshAccessLogSpec() implements ResourceSpec {}
