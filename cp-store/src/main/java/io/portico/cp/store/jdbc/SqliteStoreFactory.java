package io.portico.cp.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.portico.cp.store.AlwaysLeader;
import io.portico.cp.store.ChangeFeed;
import io.portico.cp.store.StoreException;
import io.portico.mesh.api.codec.ResourceCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Opens the embedded SQLite store: one file, for one control plane that survives restarts.
 *
 * <p>The database runs in WAL mode with {@code synchronous=FULL}, so a write is on disk (the WAL
 * fsynced) when it is acknowledged and survives a killed process or a power loss. Readers run
 * concurrently with the single writer; writes are serialised in the process, and a busy timeout
 * covers checkpoints. An exclusive lock file keeps a second process out ({@link SqliteFileLock}).
 * Leadership is always this instance's.
 */
public final class SqliteStoreFactory {
  private static final Logger log = LoggerFactory.getLogger(SqliteStoreFactory.class);
  private static final int POOL_SIZE = 4;
  private static final int BUSY_TIMEOUT_MILLIS = 10_000;

  private SqliteStoreFactory() {}

  /**
   * Opens (creating the file, its directories and its schema when missing) the SQLite store.
   *
   * @throws StoreException when the file cannot be created or another control plane has it open
   */
  public static JdbcStore open(Path file, ResourceCodec codec, Clock clock) {
    if (file == null) {
      throw new StoreException("the sqlite store needs a database file but none was configured");
    }
    Path database = file.toAbsolutePath().normalize();
    String location = "SQLite " + database;
    try {
      Files.createDirectories(database.getParent());
    } catch (IOException e) {
      throw new StoreException(
          location + ": cannot create the directory " + database.getParent() + ": " + e, e);
    }
    SqliteFileLock lock = SqliteFileLock.acquire(database, location);
    HikariDataSource pool = null;
    try {
      pool = new HikariDataSource(poolConfig(database));
      SchemaMigrations.apply(pool, SqlDialect.SQLITE, location);
      JdbcStore store =
          new JdbcStore(
              SqlDialect.SQLITE,
              location,
              pool,
              codec,
              clock,
              new ChangeFeed("sqlite-store-feed"),
              true,
              new AlwaysLeader(),
              List.of(pool, lock));
      log.info("store opened: store={}", location);
      return store;
    } catch (HikariPool.PoolInitializationException e) {
      closeAfterFailure(pool, lock);
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new StoreException(location + ": cannot open the database: " + cause.getMessage(), e);
    } catch (RuntimeException e) {
      closeAfterFailure(pool, lock);
      throw e;
    }
  }

  private static HikariConfig poolConfig(Path database) {
    SQLiteConfig sqlite = new SQLiteConfig();
    sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
    sqlite.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    sqlite.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    SQLiteDataSource dataSource = new SQLiteDataSource(sqlite);
    dataSource.setUrl("jdbc:sqlite:" + database);
    HikariConfig config = new HikariConfig();
    config.setDataSource(dataSource);
    config.setPoolName("portico-sqlite");
    config.setMaximumPoolSize(POOL_SIZE);
    config.setMinimumIdle(1);
    return config;
  }

  private static void closeAfterFailure(HikariDataSource pool, SqliteFileLock lock) {
    if (pool != null) {
      pool.close();
    }
    try {
      lock.close();
    } catch (IOException e) {
      log.debug("could not release {}", lock, e);
    }
  }
}
