package io.portico.cp.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.portico.cp.store.ChangeFeed;
import io.portico.cp.store.StoreException;
import io.portico.cp.store.StoreSettings;
import io.portico.mesh.api.codec.ResourceCodec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the PostgreSQL store, which several control planes share (spec/core.md §8.1).
 *
 * <p>Before anything else the server's port is probed and a first connection is made, so that an
 * absent server, a missing database or a refused user are reported as such (HikariCP would only
 * report a pool timeout). Then: a HikariCP pool for the store's statements, the schema migrated, a
 * dedicated listening connection relaying every instance's changes ({@link PostgresChangeRelay}),
 * and a dedicated connection for the leader lock ({@link AdvisoryLockLeaderElection}).
 */
public final class PostgresStoreFactory {
  private static final Logger log = LoggerFactory.getLogger(PostgresStoreFactory.class);

  /** Pool size when {@code maxOpenConnections} is 0 ("unlimited" in Kuma). */
  static final int UNLIMITED_POOL_SIZE = 50;

  private static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
  private static final Duration MIN_POOL_TIMEOUT = Duration.ofMillis(250);
  private static final int DEDICATED_SOCKET_TIMEOUT_SECONDS = 30;

  private PostgresStoreFactory() {}

  /**
   * Opens the store, creating or migrating its schema.
   *
   * @throws StoreException naming the address when no server listens there, the database when it
   *     does not exist, the user when it is refused
   */
  public static JdbcStore open(StoreSettings.Postgres settings, ResourceCodec codec, Clock clock) {
    checkSettings(settings);
    String address = settings.host() + ":" + settings.port();
    String location = "PostgreSQL " + address + "/" + settings.dbName();
    Duration connectionTimeout =
        settings.connectionTimeout() == null || settings.connectionTimeout().isZero()
            ? DEFAULT_CONNECTION_TIMEOUT
            : settings.connectionTimeout();
    Duration pollInterval =
        settings.changePollInterval() == null || settings.changePollInterval().isZero()
            ? DEFAULT_POLL_INTERVAL
            : settings.changePollInterval();

    probe(settings, address, connectionTimeout);
    checkLogin(dataSource(settings, "portico-cp", connectionTimeout), settings, address);

    HikariDataSource pool = null;
    PostgresChangeRelay relay = null;
    try {
      pool = new HikariDataSource(poolConfig(settings, connectionTimeout));
      SchemaMigrations.apply(pool, SqlDialect.POSTGRES, location);
      ChangeFeed feed = new ChangeFeed("postgres-store-feed");
      PGSimpleDataSource listening =
          dataSource(settings, "portico-cp-change-listener", connectionTimeout);
      listening.setSocketTimeout(DEDICATED_SOCKET_TIMEOUT_SECONDS);
      relay = PostgresChangeRelay.start(listening, feed, pollInterval, location);
      PGSimpleDataSource electing = dataSource(settings, "portico-cp-leader", connectionTimeout);
      electing.setSocketTimeout(DEDICATED_SOCKET_TIMEOUT_SECONDS);
      JdbcStore store =
          new JdbcStore(
              SqlDialect.POSTGRES,
              location,
              pool,
              codec,
              clock,
              feed,
              false,
              new AdvisoryLockLeaderElection(electing, location),
              List.of(relay, pool));
      log.info(
          "store opened: store={} maxOpenConnections={} changePollInterval={}",
          location,
          pool.getMaximumPoolSize(),
          pollInterval);
      return store;
    } catch (HikariPool.PoolInitializationException e) {
      closeAfterFailure(relay, pool);
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new StoreException(location + ": cannot open a connection: " + cause.getMessage(), e);
    } catch (RuntimeException e) {
      closeAfterFailure(relay, pool);
      throw e;
    }
  }

  private static void checkSettings(StoreSettings.Postgres settings) {
    if (settings == null) {
      throw new StoreException(
          "the postgres store needs connection settings (store.postgres) but none were given");
    }
    if (settings.host() == null || settings.host().isBlank()) {
      throw new StoreException("store.postgres.host must name the server but was empty");
    }
    if (settings.port() < 1 || settings.port() > 65535) {
      throw new StoreException(
          "store.postgres.port must be in [1, 65535] but was " + settings.port());
    }
    if (settings.dbName() == null || settings.dbName().isBlank()) {
      throw new StoreException("store.postgres.dbName must name the database but was empty");
    }
    if (settings.user() == null || settings.user().isBlank()) {
      throw new StoreException("store.postgres.user must name the user but was empty");
    }
    if (settings.maxOpenConnections() < 0) {
      throw new StoreException(
          "store.postgres.maxOpenConnections must be >= 0 (0 for unlimited) but was "
              + settings.maxOpenConnections());
    }
  }

  /** Fails with the address when nothing accepts connections there. */
  private static void probe(StoreSettings.Postgres settings, String address, Duration timeout) {
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress(settings.host(), settings.port()), (int) timeout.toMillis());
    } catch (IOException e) {
      throw new StoreException(
          "cannot reach PostgreSQL at "
              + address
              + " (store.postgres.host and store.postgres.port): "
              + e.getMessage()
              + "; is the server running and listening there?",
          e);
    }
  }

  /** Makes one connection to tell a missing database or a refused user apart from the rest. */
  private static void checkLogin(
      PGSimpleDataSource source, StoreSettings.Postgres settings, String address) {
    try (Connection ignored = source.getConnection()) {
      log.debug("postgres reachable: address={} database={}", address, settings.dbName());
    } catch (SQLException e) {
      String state = e.getSQLState() == null ? "" : e.getSQLState();
      String message =
          switch (state) {
            case "3D000" ->
                "PostgreSQL at "
                    + address
                    + " has no database \""
                    + settings.dbName()
                    + "\" (store.postgres.dbName); create it (CREATE DATABASE "
                    + settings.dbName()
                    + ") or name an existing one";
            case "28P01", "28000" ->
                "PostgreSQL at "
                    + address
                    + " refused user \""
                    + settings.user()
                    + "\" (store.postgres.user and store.postgres.password): "
                    + e.getMessage();
            default ->
                "cannot connect to PostgreSQL at "
                    + address
                    + " (database \""
                    + settings.dbName()
                    + "\", user \""
                    + settings.user()
                    + "\"): "
                    + e.getMessage();
          };
      throw new StoreException(message, e);
    }
  }

  static PGSimpleDataSource dataSource(
      StoreSettings.Postgres settings, String applicationName, Duration connectionTimeout) {
    PGSimpleDataSource source = new PGSimpleDataSource();
    source.setServerNames(new String[] {settings.host()});
    source.setPortNumbers(new int[] {settings.port()});
    source.setDatabaseName(settings.dbName());
    source.setUser(settings.user());
    if (settings.password() != null && !settings.password().isEmpty()) {
      source.setPassword(settings.password());
    }
    source.setApplicationName(applicationName);
    source.setConnectTimeout((int) Math.max(1, connectionTimeout.toSeconds()));
    source.setTcpKeepAlive(true);
    return source;
  }

  private static HikariConfig poolConfig(StoreSettings.Postgres settings, Duration timeout) {
    int size =
        settings.maxOpenConnections() == 0 ? UNLIMITED_POOL_SIZE : settings.maxOpenConnections();
    HikariConfig config = new HikariConfig();
    config.setDataSource(dataSource(settings, "portico-cp", timeout));
    config.setPoolName("portico-postgres");
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(Math.min(2, size));
    config.setConnectionTimeout(Math.max(MIN_POOL_TIMEOUT.toMillis(), timeout.toMillis()));
    return config;
  }

  private static void closeAfterFailure(PostgresChangeRelay relay, HikariDataSource pool) {
    if (relay != null) {
      relay.close();
    }
    if (pool != null) {
      pool.close();
    }
  }
}
