package io.portico.cp.store.manager;

import io.portico.mesh.api.Resource;
import io.portico.mesh.api.ResourceKey;
import io.portico.mesh.api.validation.Errors;
import java.util.Optional;

/**
 * A control-plane side effect or check around writes (generate a mesh CA before a Mesh is stored,
 * create a mesh's default policies after). Hooks run on the writing thread, in registration order.
 */
public interface ResourceHook {
  /**
   * Called after validation and before a create or update is stored; may add violations (the write
   * is then refused with all of them) or prepare what the resource needs.
   *
   * @param next the resource about to be stored
   * @param previous the stored resource it replaces, if any
   */
  default void beforeWrite(Resource<?> next, Optional<Resource<?>> previous, Errors errors) {}

  /**
   * The checks of {@link #beforeWrite} that have no side effect, for validating a resource that is
   * written elsewhere (the admission webhook on Kubernetes): adds the violations a write would get.
   */
  default void validate(Resource<?> next, Optional<Resource<?>> previous, Errors errors) {}

  /** Called after a resource was created. */
  default void afterCreate(Resource<?> created) {}

  /**
   * Called after a resource was deleted. Only its key is given: a stored resource that cannot be
   * read any more can still be deleted.
   */
  default void afterDelete(ResourceKey deleted) {}

  /** Called before a delete; may add violations to refuse it (a Mesh that still has dataplanes). */
  default void beforeDelete(ResourceKey toDelete, Errors errors) {}
}
