package io.portico.cp.store.jdbc;

import io.portico.cp.store.StoreSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh database on the test PostgreSQL server (127.0.0.1:5432, user postgres, trust
 * authentication, database {@code test} present; {@code PORTICO_TEST_POSTGRES_HOST} and {@code
 * _PORT} override the address), dropped on close.
 *
 * <p>When no server listens there the test is skipped with a message naming the address, except on
 * CI ({@code CI=true}), where it fails: CI never skips these tests.
 */
public final class PostgresTestDatabase implements AutoCloseable {
  public static final String HOST = env("PORTICO_TEST_POSTGRES_HOST", "127.0.0.1");
  public static final int PORT = Integer.parseInt(env("PORTICO_TEST_POSTGRES_PORT", "5432"));
  private static final String USER = "postgres";
  private static final String ADMIN_DATABASE = "test";
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private final String name;

  private PostgresTestDatabase(String name) {
    this.name = name;
  }

  /** Creates {@code portico_test_<purpose>_<pid>_<n>}, or skips (fails on CI) without a server. */
  public static PostgresTestDatabase create(String purpose) {
    requireServer();
    String name =
        ("portico_test_"
                + purpose
                + "_"
                + ProcessHandle.current().pid()
                + "_"
                + COUNTER.incrementAndGet())
            .toLowerCase(Locale.ROOT);
    try (Connection c = connect(ADMIN_DATABASE);
        Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      st.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot create the test database " + name + " at " + address() + ": " + e, e);
    }
    return new PostgresTestDatabase(name);
  }

  /** Skips the calling test (fails it when CI=true) when no server listens at the address. */
  public static void requireServer() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(HOST, PORT), 1000);
    } catch (IOException e) {
      String message =
          "PostgreSQL is not reachable at "
              + address()
              + " ("
              + e.getMessage()
              + "); start it (user postgres, trust authentication, database test) to run these"
              + " tests";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail(message + " — CI=true, so this is a failure, not a skip");
      }
      Assumptions.abort(message);
    }
  }

  public static String address() {
    return HOST + ":" + PORT;
  }

  public String name() {
    return name;
  }

  /** Store settings for this database, with a short change poll interval. */
  public StoreSettings.Postgres settings() {
    return new StoreSettings.Postgres(
        HOST, PORT, USER, "", name, 8, Duration.ofSeconds(5), Duration.ofMillis(500));
  }

  /** A plain connection to this database, for what the test does behind the store's back. */
  public Connection connect() throws SQLException {
    return connect(name);
  }

  /** Deletes every resource without firing the change trigger. */
  public void truncate() {
    try (Connection c = connect();
        Statement st = c.createStatement()) {
      st.execute("TRUNCATE resources");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot empty " + name + ": " + e, e);
    }
  }

  private static Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://" + HOST + ":" + PORT + "/" + database, USER, "");
  }

  @Override
  public void close() {
    try (Connection c = connect(ADMIN_DATABASE);
        Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop the test database " + name + ": " + e, e);
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
