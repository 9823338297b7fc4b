package io.portico.cp.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.cp.store.ListQuery;
import io.portico.cp.store.ResourceStore;
import io.portico.cp.store.StoreException;
import io.portico.cp.store.StoreSettings;
import io.portico.cp.store.factory.Stores;
import io.portico.mesh.api.types.ResourceTypes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreTest extends JdbcStoreContract {
  @TempDir Path dir;

  private Path file() {
    return dir.resolve("store.db");
  }

  @Override
  protected ResourceStore openStore(Clock clock) {
    return Stores.open(StoreSettings.sqlite(file()), CODEC, clock);
  }

  @Test
  void dataSurvivesCloseAndReopen() {
    store.create(mesh("m1"));
    store.create(note("m1", "n1", "kept"));
    store.close();

    store = openStore(clock);

    assertThat(store.get(NOTE, "m1", "n1").orElseThrow().spec().text()).isEqualTo("kept");
    assertThat(store.get(ResourceTypes.MESH, "", "m1")).isPresent();
  }

  @Test
  void theFileAndItsDirectoriesAreCreated() {
    Path nested = dir.resolve("a/b/c/portico.db");

    try (ResourceStore other = SqliteStoreFactory.open(nested, CODEC, clock)) {
      other.create(mesh("m1"));
    }

    assertThat(nested).exists();
    assertThat(nested.resolveSibling("portico.db.lock")).exists();
  }

  @Test
  void aSecondControlPlaneOnTheSameFileIsRefused() {
    assertThatThrownBy(() -> SqliteStoreFactory.open(file(), CODEC, clock))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(file().toAbsolutePath().toString())
        .hasMessageContaining("already open by another control plane")
        .hasMessageContaining("pid " + ProcessHandle.current().pid());
    store.create(mesh("still-usable"));
  }

  /** WAL with synchronous=FULL: a commit returns once its WAL frames are fsynced. */
  @Test
  void connectionsRunInWalModeWithFullSyncAndABusyTimeout() throws SQLException {
    try (Connection c = ((JdbcStore) store).dataSource().getConnection()) {
      assertThat(pragma(c, "journal_mode")).isEqualToIgnoringCase("wal");
      assertThat(pragma(c, "synchronous")).isEqualTo("2");
      assertThat(Integer.parseInt(pragma(c, "busy_timeout"))).isPositive();
    }
  }

  private static String pragma(Connection c, String name) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA " + name)) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Test
  void aDatabaseMigratedByANewerPorticoIsRefused() throws SQLException {
    store.close();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement st = c.createStatement()) {
      st.execute(
          "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
              + " checksum, installed_by, installed_on, execution_time, success)"
              + " VALUES (99, '99', 'from the future', 'SQL', 'V99__future.sql', 0, 'test',"
              + " CURRENT_TIMESTAMP, 0, 1)");
    }

    assertThatThrownBy(() -> store = openStore(clock))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(file().toAbsolutePath().toString())
        .hasMessageContaining("99");
    store = null;
  }

  /**
   * The list and count statements read one key range of the primary key: no full scan, no sort
   * (SQLite reports {@code SCAN resources} for a full scan, {@code USE TEMP B-TREE} for a sort).
   */
  @Test
  void listingReadsOneRangeOfThePrimaryKey() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file())) {
      for (boolean inMesh : List.of(true, false)) {
        for (String sql : List.of(JdbcStore.listSql(inMesh), JdbcStore.countSql(inMesh))) {
          String plan = queryPlan(c, sql);
          assertThat(plan)
              .as("plan of %s", sql)
              .contains("SEARCH resources USING PRIMARY KEY (type=?")
              .doesNotContain("SCAN resources")
              .doesNotContain("TEMP B-TREE");
        }
      }
    }
  }

  private static String queryPlan(Connection c, String sql) throws SQLException {
    StringBuilder plan = new StringBuilder();
    try (PreparedStatement ps = c.prepareStatement("EXPLAIN QUERY PLAN " + sql)) {
      int parameters = (int) sql.chars().filter(ch -> ch == '?').count();
      for (int i = 1; i <= parameters; i++) {
        ps.setString(i, "x");
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          plan.append(rs.getString("detail")).append('\n');
        }
      }
    }
    return plan.toString();
  }

  /**
   * A child JVM writes resources and prints each acknowledged name; it is killed with SIGKILL;
   * every acknowledged resource must be in the file afterwards.
   */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void anAcknowledgedWriteSurvivesKillDashNine() throws IOException, InterruptedException {
    store.close();
    store = null;
    Path crashFile = dir.resolve("crash/store.db");
    Path stderr = dir.resolve("child.err");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                SqliteCrashWriter.class.getName(),
                crashFile.toString())
            .redirectError(stderr.toFile())
            .start();
    List<String> acknowledged = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while (acknowledged.size() < 30 && (line = out.readLine()) != null) {
        if (line.startsWith(SqliteCrashWriter.ACK)) {
          acknowledged.add(line.substring(SqliteCrashWriter.ACK.length()));
        }
      }
      assertThat(acknowledged)
          .as("acknowledged before the kill; child stderr: %s", readQuietly(stderr))
          .hasSize(30);

      // SIGKILL through the process handle: Process.destroyForcibly() would also close our end of
      // the pipe, losing the acknowledgements printed just before the kill.
      child.toHandle().destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      while ((line = out.readLine()) != null) {
        if (line.startsWith(SqliteCrashWriter.ACK)) {
          acknowledged.add(line.substring(SqliteCrashWriter.ACK.length()));
        }
      }
    } finally {
      child.destroyForcibly();
    }
    assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);

    try (ResourceStore reopened = SqliteStoreFactory.open(crashFile, CODEC, clock)) {
      List<String> stored =
          reopened
              .list(ResourceTypes.SECRET, ListQuery.inMesh(SqliteCrashWriter.MESH))
              .items()
              .stream()
              .map(r -> r.name())
              .toList();
      assertThat(stored).containsAll(acknowledged);
    }
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }
}
