package io.portico.cp.defaults;

import io.portico.cp.store.ResourceAlreadyExistsException;
import io.portico.cp.store.manager.ResourceManager;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.ResourceSpec;
import io.portico.mesh.api.ResourceType;
import io.portico.mesh.api.codec.ResourceCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mesh {@code default}, created by the leader at first start unless {@code
 * defaults.skipMeshCreation} (spec/core.md §1.5). Its default resources come with it through {@link
 * MeshDefaultsHook}.
 */
public final class DefaultMesh {
  public static final String NAME = "default";
  private static final Logger log = LoggerFactory.getLogger(DefaultMesh.class);

  private final ResourceManager manager;
  private final ResourceCodec codec;

  public DefaultMesh(ResourceManager manager, ResourceCodec codec) {
    this.manager = manager;
    this.codec = codec;
  }

  /**
   * Creates the mesh {@code default} unless it exists.
   *
   * @return whether this call created it
   */
  public boolean ensure() {
    ResourceType<?> meshType =
        codec
            .types()
            .byName("Mesh")
            .orElseThrow(() -> new IllegalStateException("resource type Mesh is not registered"));
    if (manager.get(meshType, "", NAME).isPresent()) {
      return false;
    }
    try {
      manager.create(emptyMesh(meshType));
      log.info("default mesh created mesh={}", NAME);
      return true;
    } catch (ResourceAlreadyExistsException e) {
      return false;
    }
  }

  private <S extends ResourceSpec> Resource<S> emptyMesh(ResourceType<S> meshType) {
    return Resource.of(meshType, "", NAME, codec.specFromTree(meshType, null));
  }
}
