package io.portico.cp.store.jdbc;

import io.portico.cp.store.ResourceStore;
import io.portico.cp.store.StoreSettings;
import io.portico.cp.store.factory.Stores;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.codec.ResourceCodec;
import io.portico.mesh.api.types.ResourceTypes;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The child process of {@link SqliteStoreTest#anAcknowledgedWriteSurvivesKillDashNine}: creates
 * Secrets in a SQLite store until it is killed, printing {@code ACK <name>} once each create has
 * returned.
 */
public final class SqliteCrashWriter {
  static final String ACK = "ACK ";
  static final String MESH = "crash";
  private static final int MAX_WRITES = 1_000_000;

  private SqliteCrashWriter() {}

  public static void main(String[] args) {
    ResourceCodec codec = ResourceCodec.standard();
    PrintStream out = System.out;
    ResourceStore store =
        Stores.open(StoreSettings.sqlite(Path.of(args[0])), codec, Clock.systemUTC());
    store.create(
        Resource.of(ResourceTypes.MESH, "", MESH, codec.specFromJson(ResourceTypes.MESH, "{}")));
    for (int i = 0; i < MAX_WRITES; i++) {
      String name = "s-" + i;
      store.create(
          Resource.of(
              ResourceTypes.SECRET, MESH, name, codec.specFromJson(ResourceTypes.SECRET, "{}")));
      out.println(ACK + name);
      out.flush();
    }
    store.close();
  }
}
