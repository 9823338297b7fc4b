package io.portico.cp.store;

import io.portico.mesh.api.Resource;
import io.portico.mesh.api.ResourceSpec;
import io.portico.mesh.api.ResourceType;
import java.util.Optional;

/**
 * Keeps resources. Every implementation passes the same contract test suite.
 *
 * <p>Writes are durable when they return. The store stamps versions and times; it does not validate
 * (see {@link io.portico.cp.store.manager.ResourceManager}).
 */
public interface ResourceStore extends AutoCloseable {
  /**
   * Stores a new resource with version 1 and creation and modification times set to now.
   *
   * @throws ResourceAlreadyExistsException when (type, mesh, name) is taken
   */
  <S extends ResourceSpec> Resource<S> create(Resource<S> resource);

  /**
   * Replaces the spec of a stored resource, if {@code resource.meta().version()} is the stored
   * version; the version is then incremented and the modification time set to now, the creation
   * time is kept.
   *
   * @throws ResourceNotFoundException when it does not exist
   * @throws ResourceConflictException when the version is stale
   */
  <S extends ResourceSpec> Resource<S> update(Resource<S> resource);

  /**
   * Deletes a resource. Deleting a Mesh also deletes every resource of that mesh.
   *
   * @throws ResourceNotFoundException when it does not exist
   */
  void delete(ResourceType<?> type, String mesh, String name);

  /** The resource, if it exists. For global types the mesh is ignored. */
  <S extends ResourceSpec> Optional<Resource<S>> get(
      ResourceType<S> type, String mesh, String name);

  /** Resources of one type, sorted by (mesh, name), one page at a time. */
  <S extends ResourceSpec> ResourcePage<S> list(ResourceType<S> type, ListQuery query);

  /**
   * Subscribes to changes, including those written by other control-plane instances sharing the
   * store. The listener runs on the store's notification thread; it must not block for long.
   */
  Subscription subscribe(ChangeListener listener);

  /** Competes for leadership among the control planes sharing this store. */
  LeaderElection leaderElection();

  @Override
  void close();
}
