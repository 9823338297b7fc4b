package io.portico.cp.insight;

import io.portico.cp.store.ResourceAlreadyExistsException;
import io.portico.cp.store.ResourceConflictException;
import io.portico.cp.store.ResourceNotFoundException;
import io.portico.cp.store.ResourceStore;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.ResourceMeta;
import io.portico.mesh.api.insight.DataplaneInsightSpec;
import io.portico.mesh.api.types.ResourceTypes;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Reads and writes DataplaneInsights. Several control-plane instances may write subscriptions of
 * the same dataplane (a proxy reconnected elsewhere), so a write merges one subscription into
 * whatever is stored and retries when another writer got in between. Insights are only written for
 * dataplanes that exist, so that none outlives its dataplane.
 */
public final class DataplaneInsights {
  private static final int ATTEMPTS = 5;

  private final ResourceStore store;

  public DataplaneInsights(ResourceStore store) {
    this.store = store;
  }

  /** The insight of a dataplane, if any. */
  public Optional<DataplaneInsightSpec> get(String mesh, String name) {
    return store.get(ResourceTypes.DATAPLANE_INSIGHT, mesh, name).map(Resource::spec);
  }

  /**
   * Adds or replaces (by id) a subscription in the dataplane's insight, keeping the last {@link
   * DataplaneInsightSpec#SUBSCRIPTION_LIMIT}.
   *
   * @return false when the dataplane does not exist (nothing is written)
   */
  public boolean put(String mesh, String name, DataplaneInsightSpec.Subscription subscription) {
    for (int attempt = 1; ; attempt++) {
      if (store.get(ResourceTypes.DATAPLANE, mesh, name).isEmpty()) {
        return false;
      }
      Optional<Resource<DataplaneInsightSpec>> current =
          store.get(ResourceTypes.DATAPLANE_INSIGHT, mesh, name);
      try {
        if (current.isEmpty()) {
          DataplaneInsightSpec spec =
              new DataplaneInsightSpec(List.of()).withSubscription(subscription);
          store.create(Resource.of(ResourceTypes.DATAPLANE_INSIGHT, mesh, name, spec));
        } else {
          Resource<DataplaneInsightSpec> stored = current.get();
          ResourceMeta meta = stored.meta();
          store.update(
              stored
                  .withSpec(stored.spec().withSubscription(subscription))
                  .withMeta(
                      new ResourceMeta(mesh, name, meta.version(), meta.creationTime(), null)));
        }
        return true;
      } catch (ResourceConflictException
          | ResourceAlreadyExistsException
          | ResourceNotFoundException e) {
        if (attempt >= ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /**
   * Records a certificate issued to the dataplane's proxy in the insight's {@code mTLS} section
   * (spec/core.md §1.2): expiration, issuance time, backends, and one more regeneration than the
   * stored count, so that the count survives reconnects and instances.
   *
   * @return false when the dataplane does not exist (nothing is written)
   */
  public boolean recordCertificate(
      String mesh,
      String name,
      Instant issuedAt,
      Instant expiration,
      String issuedBackend,
      List<String> supportedBackends) {
    for (int attempt = 1; ; attempt++) {
      if (store.get(ResourceTypes.DATAPLANE, mesh, name).isEmpty()) {
        return false;
      }
      Optional<Resource<DataplaneInsightSpec>> current =
          store.get(ResourceTypes.DATAPLANE_INSIGHT, mesh, name);
      long regenerations =
          current
              .map(Resource::spec)
              .map(DataplaneInsightSpec::mTLS)
              .map(DataplaneInsightSpec.MTls::certificateRegenerations)
              .orElse(0L);
      DataplaneInsightSpec.MTls mTls =
          new DataplaneInsightSpec.MTls(
              expiration, issuedAt, regenerations + 1, issuedBackend, supportedBackends);
      try {
        if (current.isEmpty()) {
          store.create(
              Resource.of(
                  ResourceTypes.DATAPLANE_INSIGHT,
                  mesh,
                  name,
                  new DataplaneInsightSpec(List.of(), mTls)));
        } else {
          Resource<DataplaneInsightSpec> stored = current.get();
          ResourceMeta meta = stored.meta();
          store.update(
              stored
                  .withSpec(stored.spec().withMTls(mTls))
                  .withMeta(
                      new ResourceMeta(mesh, name, meta.version(), meta.creationTime(), null)));
        }
        return true;
      } catch (ResourceConflictException
          | ResourceAlreadyExistsException
          | ResourceNotFoundException e) {
        if (attempt >= ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /**
   * Ends subscription {@code id} at {@code time} if it is still open at {@code generation} (its
   * control plane showed no sign of life since that generation was seen).
   *
   * @return whether it was ended; false when it moved on, ended, or is gone
   */
  public boolean endIfGeneration(
      String mesh, String name, String id, long generation, Instant time) {
    for (int attempt = 1; ; attempt++) {
      Optional<Resource<DataplaneInsightSpec>> current =
          store.get(ResourceTypes.DATAPLANE_INSIGHT, mesh, name);
      Optional<DataplaneInsightSpec.Subscription> open =
          current.stream()
              .flatMap(r -> r.spec().subscriptions().stream())
              .filter(s -> s.id().equals(id) && s.isConnected() && s.generation() == generation)
              .findFirst();
      if (open.isEmpty()) {
        return false;
      }
      Resource<DataplaneInsightSpec> stored = current.get();
      ResourceMeta meta = stored.meta();
      try {
        store.update(
            stored
                .withSpec(stored.spec().withSubscription(open.get().disconnectedAt(time)))
                .withMeta(new ResourceMeta(mesh, name, meta.version(), meta.creationTime(), null)));
        return true;
      } catch (ResourceConflictException | ResourceNotFoundException e) {
        if (attempt >= ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /** Deletes the insight of a dataplane, if there is one. */
  public void delete(String mesh, String name) {
    try {
      store.delete(ResourceTypes.DATAPLANE_INSIGHT, mesh, name);
    } catch (ResourceNotFoundException e) {
      // Nothing to delete: the dataplane never had a proxy connected.
    }
  }
}
