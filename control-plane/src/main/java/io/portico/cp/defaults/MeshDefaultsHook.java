package io.portico.cp.defaults;

import io.portico.cp.store.StoreException;
import io.portico.cp.store.manager.ResourceHook;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.validation.ValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a mesh's default resources right after the Mesh is created, on any instance, as Kuma's
 * mesh manager does. The Mesh stays created when a default cannot be written; the failure is
 * logged.
 */
public final class MeshDefaultsHook implements ResourceHook {
  private static final Logger log = LoggerFactory.getLogger(MeshDefaultsHook.class);

  private final MeshDefaults defaults;

  public MeshDefaultsHook(MeshDefaults defaults) {
    this.defaults = defaults;
  }

  @Override
  public void afterCreate(Resource<?> created) {
    if (!created.type().name().equals("Mesh")) {
      return;
    }
    try {
      defaults.ensure(created.name());
    } catch (StoreException | ValidationException e) {
      log.error(
          "mesh default resources not created mesh={} reason={}", created.name(), e.getMessage());
    }
  }
}
