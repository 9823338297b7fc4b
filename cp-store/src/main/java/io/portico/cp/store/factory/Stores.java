package io.portico.cp.store.factory;

import io.portico.cp.store.ResourceStore;
import io.portico.cp.store.StoreException;
import io.portico.cp.store.StoreSettings;
import io.portico.cp.store.jdbc.PostgresStoreFactory;
import io.portico.cp.store.jdbc.SqliteStoreFactory;
import io.portico.cp.store.memory.MemoryStore;
import io.portico.mesh.api.codec.ResourceCodec;
import java.time.Clock;

/** Opens the store that settings name. */
public final class Stores {
  private Stores() {}

  /**
   * Opens a store, creating or migrating its schema when it has one.
   *
   * @throws StoreException with a message naming what is wrong (an unreachable server, say)
   */
  public static ResourceStore open(StoreSettings settings, ResourceCodec codec, Clock clock) {
    return switch (settings.type()) {
      case MEMORY -> new MemoryStore(clock);
      case SQLITE -> SqliteStoreFactory.open(settings.sqliteFile(), codec, clock);
      case POSTGRES -> PostgresStoreFactory.open(settings.postgres(), codec, clock);
      case KUBERNETES ->
          throw new IllegalArgumentException(
              "the kubernetes store needs a Kubernetes client: the control plane opens it");
    };
  }
}
