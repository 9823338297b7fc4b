package io.portico.mesh.api.policy;

import io.portico.mesh.api.ResourceSpec;

/** The spec of a ProxyTemplate. */
public record ProxyTemplateSpec() implements ResourceSpec {}
