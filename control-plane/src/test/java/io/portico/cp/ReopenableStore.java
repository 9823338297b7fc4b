package io.portico.cp;

import io.portico.cp.store.AlwaysLeader;
import io.portico.cp.store.ChangeListener;
import io.portico.cp.store.LeaderElection;
import io.portico.cp.store.ListQuery;
import io.portico.cp.store.ResourceConflictException;
import io.portico.cp.store.ResourcePage;
import io.portico.cp.store.ResourceStore;
import io.portico.cp.store.StoreException;
import io.portico.cp.store.Subscription;
import io.portico.cp.store.memory.MemoryStore;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.ResourceSpec;
import io.portico.mesh.api.ResourceType;
import java.time.Clock;
import java.util.Optional;

/**
 * A memory store that outlives the control planes using it, as a database does: each {@link
 * #open()} gives a view with its own leadership whose {@code close} leaves the data. It can also
 * play an unreachable store or a concurrent writer.
 */
public final class ReopenableStore {
  private final MemoryStore data = new MemoryStore(Clock.systemUTC());
  private volatile boolean isUnreachable;
  private volatile boolean isEveryUpdateStale;

  /** A store opener that opens this store whatever the settings. */
  public StoreOpener opener() {
    return (settings, codec, clock) -> open();
  }

  public ResourceStore open() {
    return new View();
  }

  /** Makes every call fail as if the database were down. */
  public void setUnreachable(boolean unreachable) {
    this.isUnreachable = unreachable;
  }

  /** Makes every update fail with a version conflict, as if someone always wrote first. */
  public void setEveryUpdateStale(boolean stale) {
    this.isEveryUpdateStale = stale;
  }

  private final class View implements ResourceStore {
    private final AlwaysLeader leader = new AlwaysLeader();

    private void check() {
      if (isUnreachable) {
        throw new StoreException("store unreachable (test)");
      }
    }

    @Override
    public <S extends ResourceSpec> Resource<S> create(Resource<S> resource) {
      check();
      return data.create(resource);
    }

    @Override
    public <S extends ResourceSpec> Resource<S> update(Resource<S> resource) {
      check();
      if (isEveryUpdateStale) {
        throw new ResourceConflictException(resource.key(), resource.key() + " is stale (test)");
      }
      return data.update(resource);
    }

    @Override
    public void delete(ResourceType<?> type, String mesh, String name) {
      check();
      data.delete(type, mesh, name);
    }

    @Override
    public <S extends ResourceSpec> Optional<Resource<S>> get(
        ResourceType<S> type, String mesh, String name) {
      check();
      return data.get(type, mesh, name);
    }

    @Override
    public <S extends ResourceSpec> ResourcePage<S> list(ResourceType<S> type, ListQuery query) {
      check();
      return data.list(type, query);
    }

    @Override
    public Subscription subscribe(ChangeListener listener) {
      return data.subscribe(listener);
    }

    @Override
    public LeaderElection leaderElection() {
      return leader;
    }

    @Override
    public void close() {
      leader.close();
    }
  }
}
