package io.portico.cp.store.manager;

import io.portico.mesh.api.Resource;

/**
 * The outcome of an upsert.
 *
 * @param resource the stored resource
 * @param created true when it did not exist before
 */
public record UpsertResult(Resource<?> resource, boolean created) {}
