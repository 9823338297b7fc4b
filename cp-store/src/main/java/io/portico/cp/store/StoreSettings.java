package io.portico.cp.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Which store to open and how.
 *
 * @param type memory, sqlite or postgres
 * @param sqliteFile the database file of the sqlite store
 * @param postgres connection settings of the postgres store
 */
public record StoreSettings(Type type, Path sqliteFile, Postgres postgres) {
  public StoreSettings {
    Objects.requireNonNull(type, "type");
  }

  public enum Type {
    MEMORY,
    SQLITE,
    POSTGRES,
    /**
     * Custom resources on the Kubernetes API; opened by the control plane (module cp-kubernetes).
     */
    KUBERNETES
  }

  public static StoreSettings kubernetes() {
    return new StoreSettings(Type.KUBERNETES, null, null);
  }

  /**
   * PostgreSQL connection settings (spec/core.md §8, {@code store.postgres.*}).
   *
   * @param host server host
   * @param port server port
   * @param user user name
   * @param password password (may be empty with trust authentication)
   * @param dbName database name
   * @param maxOpenConnections pool size; 0 for "unlimited" (a pool of 50)
   * @param connectionTimeout how long to wait for a connection; null or zero for 5 s
   * @param changePollInterval how often to look for writes of other instances as a fallback to
   *     notifications; null or zero for 1 s
   */
  public record Postgres(
      String host,
      int port,
      String user,
      String password,
      String dbName,
      int maxOpenConnections,
      Duration connectionTimeout,
      Duration changePollInterval) {}

  public static StoreSettings memory() {
    return new StoreSettings(Type.MEMORY, null, null);
  }

  public static StoreSettings sqlite(Path file) {
    return new StoreSettings(Type.SQLITE, file, null);
  }

  public static StoreSettings postgres(Postgres postgres) {
    return new StoreSettings(Type.POSTGRES, null, postgres);
  }
}
