package io.portico.mesh.api.policy.targetref;

import io.portico.mesh.api.ResourceSpec;

/** The spec of a MeshTrafficPermission. */
public record MeshTrafficPermissionSpec() implements ResourceSpec {}
