package io.portico.cp.store.memory;

import io.portico.cp.store.AlwaysLeader;
import io.portico.cp.store.ChangeFeed;
import io.portico.cp.store.ChangeListener;
import io.portico.cp.store.LeaderElection;
import io.portico.cp.store.ListQuery;
import io.portico.cp.store.ResourceAlreadyExistsException;
import io.portico.cp.store.ResourceChange;
import io.portico.cp.store.ResourceConflictException;
import io.portico.cp.store.ResourceNotFoundException;
import io.portico.cp.store.ResourcePage;
import io.portico.cp.store.ResourceStore;
import io.portico.cp.store.Subscription;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.ResourceKey;
import io.portico.mesh.api.ResourceMeta;
import io.portico.mesh.api.ResourceSpec;
import io.portico.mesh.api.ResourceType;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Keeps resources in memory, indexed type → mesh → name so that listing one type in one mesh
 * touches only those resources.
 */
public final class MemoryStore implements ResourceStore {
  private static final String MESH_TYPE = "Mesh";

  /** type name → mesh → name → resource. */
  private final Map<String, NavigableMap<String, NavigableMap<String, Resource<?>>>> byType =
      new ConcurrentHashMap<>();

  private final Object writeLock = new Object();
  private final Clock clock;
  private final ChangeFeed feed = new ChangeFeed("memory-store-feed");
  private final AlwaysLeader leader = new AlwaysLeader();

  public MemoryStore(Clock clock) {
    this.clock = clock;
  }

  @Override
  public <S extends ResourceSpec> Resource<S> create(Resource<S> resource) {
    Resource<S> stored;
    synchronized (writeLock) {
      NavigableMap<String, Resource<?>> names = names(resource.type(), resource.mesh(), true);
      if (names.containsKey(resource.name())) {
        throw new ResourceAlreadyExistsException(
            resource.key(), resource.key() + " already exists");
      }
      Instant now = clock.instant();
      stored = resource.withMeta(resource.meta().withVersion(1, now, now));
      names.put(resource.name(), stored);
    }
    feed.publish(new ResourceChange(ResourceChange.Kind.CREATED, stored.key(), 1));
    return stored;
  }

  @Override
  public <S extends ResourceSpec> Resource<S> update(Resource<S> resource) {
    Resource<S> stored;
    synchronized (writeLock) {
      NavigableMap<String, Resource<?>> names = names(resource.type(), resource.mesh(), false);
      Resource<?> current = names == null ? null : names.get(resource.name());
      if (current == null) {
        throw new ResourceNotFoundException(resource.key(), resource.key() + " does not exist");
      }
      long version = current.meta().version();
      if (resource.meta().version() != version) {
        throw new ResourceConflictException(
            resource.key(),
            resource.key()
                + " was changed concurrently: expected version "
                + resource.meta().version()
                + " but it is at "
                + version);
      }
      ResourceMeta meta =
          resource.meta().withVersion(version + 1, current.meta().creationTime(), clock.instant());
      stored = resource.withMeta(meta);
      names.put(resource.name(), stored);
    }
    feed.publish(
        new ResourceChange(ResourceChange.Kind.UPDATED, stored.key(), stored.meta().version()));
    return stored;
  }

  @Override
  public void delete(ResourceType<?> type, String mesh, String name) {
    String meshKey = type.isMeshScoped() ? nullToEmpty(mesh) : "";
    List<ResourceChange> changes = new ArrayList<>();
    synchronized (writeLock) {
      NavigableMap<String, Resource<?>> names = names(type, meshKey, false);
      Resource<?> removed = names == null ? null : names.remove(name);
      if (removed == null) {
        ResourceKey key = new ResourceKey(type.name(), meshKey, name);
        throw new ResourceNotFoundException(key, key + " does not exist");
      }
      changes.add(
          new ResourceChange(ResourceChange.Kind.DELETED, removed.key(), removed.meta().version()));
      if (MESH_TYPE.equals(type.name())) {
        for (var typeEntry : byType.entrySet()) {
          if (typeEntry.getKey().equals(MESH_TYPE)) {
            continue;
          }
          NavigableMap<String, Resource<?>> owned = typeEntry.getValue().remove(name);
          if (owned != null) {
            for (Resource<?> r : owned.values()) {
              changes.add(
                  new ResourceChange(ResourceChange.Kind.DELETED, r.key(), r.meta().version()));
            }
          }
        }
      }
    }
    changes.forEach(feed::publish);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <S extends ResourceSpec> Optional<Resource<S>> get(
      ResourceType<S> type, String mesh, String name) {
    NavigableMap<String, Resource<?>> names =
        names(type, type.isMeshScoped() ? nullToEmpty(mesh) : "", false);
    return names == null ? Optional.empty() : Optional.ofNullable((Resource<S>) names.get(name));
  }

  @Override
  @SuppressWarnings("unchecked")
  public <S extends ResourceSpec> ResourcePage<S> list(ResourceType<S> type, ListQuery query) {
    NavigableMap<String, NavigableMap<String, Resource<?>>> meshes = byType.get(type.name());
    List<Resource<S>> all = new ArrayList<>();
    if (meshes != null) {
      if (type.isMeshScoped() && query.mesh() != null) {
        NavigableMap<String, Resource<?>> names = meshes.get(query.mesh());
        if (names != null) {
          names.values().forEach(r -> all.add((Resource<S>) r));
        }
      } else {
        meshes.values().forEach(names -> names.values().forEach(r -> all.add((Resource<S>) r)));
      }
    }
    return ResourcePage.slice(all, query);
  }

  @Override
  public Subscription subscribe(ChangeListener listener) {
    return feed.subscribe(listener);
  }

  @Override
  public LeaderElection leaderElection() {
    return leader;
  }

  @Override
  public void close() {
    leader.close();
    feed.close();
  }

  private NavigableMap<String, Resource<?>> names(
      ResourceType<?> type, String mesh, boolean create) {
    String meshKey = type.isMeshScoped() ? nullToEmpty(mesh) : "";
    if (!create) {
      NavigableMap<String, NavigableMap<String, Resource<?>>> meshes = byType.get(type.name());
      return meshes == null ? null : meshes.get(meshKey);
    }
    return byType
        .computeIfAbsent(type.name(), t -> new ConcurrentSkipListMap<>())
        .computeIfAbsent(meshKey, m -> new ConcurrentSkipListMap<>());
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
