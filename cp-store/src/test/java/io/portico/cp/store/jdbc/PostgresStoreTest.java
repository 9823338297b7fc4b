package io.portico.cp.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.portico.cp.store.RecordingChangeListener;
import io.portico.cp.store.RecordingLeadershipListener;
import io.portico.cp.store.ResourceChange;
import io.portico.cp.store.ResourceChange.Kind;
import io.portico.cp.store.ResourceStore;
import io.portico.cp.store.StoreException;
import io.portico.cp.store.StoreSettings;
import io.portico.cp.store.factory.Stores;
import io.portico.mesh.api.ResourceKey;
import io.portico.mesh.api.types.ResourceTypes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract on PostgreSQL, plus what only a shared store does: changes and leadership across
 * instances. Uses a fresh database of the test server (see {@link PostgresTestDatabase}).
 */
class PostgresStoreTest extends JdbcStoreContract {
  private static final Duration ACROSS_INSTANCES = Duration.ofSeconds(2);
  private static PostgresTestDatabase database;

  @BeforeAll
  static void createDatabase() {
    database = PostgresTestDatabase.create("store");
    PostgresStoreFactory.open(database.settings(), CODEC, Clock.systemUTC()).close();
  }

  @AfterAll
  static void dropDatabase() {
    if (database != null) {
      database.close();
    }
  }

  @Override
  protected ResourceStore openStore(Clock clock) {
    database.truncate();
    return Stores.open(StoreSettings.postgres(database.settings()), CODEC, clock);
  }

  private ResourceStore openAnotherInstance() {
    return PostgresStoreFactory.open(database.settings(), CODEC, clock);
  }

  @Test
  void anotherInstanceSeesEveryWriteWithinTwoSeconds() {
    try (ResourceStore other = openAnotherInstance()) {
      RecordingChangeListener seenByOther = new RecordingChangeListener();
      other.subscribe(seenByOther);
      RecordingChangeListener seenHere = new RecordingChangeListener();
      store.subscribe(seenHere);
      ResourceKey mine = key(ResourceTypes.MESH, "", "written-here");
      ResourceKey theirs = key(ResourceTypes.MESH, "", "written-there");

      store.create(mesh("written-here"));
      other.create(mesh("written-there"));

      await().atMost(ACROSS_INSTANCES).until(() -> seenByOther.hasSeen(mine));
      await().atMost(ACROSS_INSTANCES).until(() -> seenHere.hasSeen(theirs));
      assertThat(other.get(ResourceTypes.MESH, "", "written-here")).isPresent();
      assertThat(seenHere.changes())
          .containsExactlyInAnyOrder(
              new ResourceChange(Kind.CREATED, mine, 1),
              new ResourceChange(Kind.CREATED, theirs, 1));
    }
  }

  @Test
  void aWriteThatBypassesTheNotificationsIsFoundByThePoll() throws SQLException {
    RecordingChangeListener listener = new RecordingChangeListener();
    store.subscribe(listener);
    ResourceKey sneaky = key(ResourceTypes.ZONE, "", "sneaky");

    try (Connection c = database.connect();
        Statement st = c.createStatement()) {
      st.execute("SET session_replication_role = replica");
      st.execute("INSERT INTO resources VALUES ('Zone', '', 'sneaky', 3, '{}', now(), now())");
    }

    await().atMost(ACROSS_INSTANCES).until(() -> listener.hasSeen(sneaky));
    assertThat(listener.changes()).containsExactly(new ResourceChange(Kind.CREATED, sneaky, 3));
  }

  @Test
  void theChangeListenerReconnectsAndCatchesUpWhenItsConnectionIsKilled() throws SQLException {
    RecordingChangeListener listener = new RecordingChangeListener();
    store.subscribe(listener);
    ResourceKey before = key(ResourceTypes.ZONE, "", "before");
    ResourceKey after = key(ResourceTypes.ZONE, "", "after");
    store.create(resource(ResourceTypes.ZONE, "", "before"));
    await().atMost(ACROSS_INSTANCES).until(() -> listener.hasSeen(before));

    assertThat(terminate("portico-cp-change-listener")).isEqualTo(1);
    store.create(resource(ResourceTypes.ZONE, "", "after"));

    await().atMost(Duration.ofSeconds(5)).until(() -> listener.hasSeen(after));
    assertThat(listener.changes())
        .containsExactly(
            new ResourceChange(Kind.CREATED, before, 1),
            new ResourceChange(Kind.CREATED, after, 1));
  }

  @Test
  void exactlyOneInstanceLeadsAndAnotherTakesOverWhenItCloses() {
    ResourceStore second = openAnotherInstance();
    try {
      RecordingLeadershipListener firstEvents = new RecordingLeadershipListener();
      RecordingLeadershipListener secondEvents = new RecordingLeadershipListener();
      store.leaderElection().start(firstEvents);
      second.leaderElection().start(secondEvents);

      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> store.leaderElection().isLeader() || second.leaderElection().isLeader());
      ResourceStore leader = store.leaderElection().isLeader() ? store : second;
      ResourceStore follower = leader == store ? second : store;
      RecordingLeadershipListener followerEvents = leader == store ? secondEvents : firstEvents;
      assertThat(follower.leaderElection().isLeader()).isFalse();

      leader.close();

      await().atMost(Duration.ofSeconds(5)).until(() -> follower.leaderElection().isLeader());
      assertThat(followerEvents.events()).containsExactly("acquired");
      assertThat(leader.leaderElection().isLeader()).isFalse();
    } finally {
      second.close();
    }
  }

  @Test
  void leadershipIsLostWhenTheLockConnectionBreaks() throws SQLException {
    RecordingLeadershipListener events = new RecordingLeadershipListener();
    store.leaderElection().start(events);
    await().atMost(Duration.ofSeconds(5)).until(() -> store.leaderElection().isLeader());

    assertThat(terminate("portico-cp-leader")).isEqualTo(1);

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> events.events().equals(List.of("acquired", "lost", "acquired")));
  }

  /**
   * The list and count statements use the primary key, never a sequential scan, and need no sort:
   * the key range is already in (mesh, name) order. On an empty table the planner would pick a
   * sequential or bitmap scan plus a sort, so both are disabled to see the plan of a big table.
   */
  @Test
  void listingUsesThePrimaryKeyIndex() throws SQLException {
    try (Connection c = database.connect()) {
      try (Statement st = c.createStatement()) {
        st.execute("SET enable_seqscan = off");
        st.execute("SET enable_bitmapscan = off");
      }
      for (boolean inMesh : List.of(true, false)) {
        for (String sql : List.of(JdbcStore.listSql(inMesh), JdbcStore.countSql(inMesh))) {
          String plan = explain(c, sql);
          assertThat(plan)
              .as("plan of %s", sql)
              .containsPattern("Index (Only )?Scan using resources_pkey")
              .doesNotContain("Seq Scan")
              .doesNotContain("Sort");
        }
      }
    }
  }

  @Test
  void aMissingDatabaseIsReportedByName() {
    StoreSettings.Postgres s = database.settings();
    StoreSettings.Postgres missing =
        new StoreSettings.Postgres(
            s.host(),
            s.port(),
            s.user(),
            s.password(),
            "portico_no_such_database",
            s.maxOpenConnections(),
            s.connectionTimeout(),
            s.changePollInterval());

    assertThatThrownBy(() -> PostgresStoreFactory.open(missing, CODEC, clock))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("portico_no_such_database")
        .hasMessageContaining(PostgresTestDatabase.address())
        .hasMessageContaining("CREATE DATABASE");
  }

  private static String explain(Connection c, String sql) throws SQLException {
    StringBuilder plan = new StringBuilder();
    try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + sql)) {
      int parameters = (int) sql.chars().filter(ch -> ch == '?').count();
      for (int i = 1; i <= parameters; i++) {
        if (sql.contains("LIMIT") && i >= parameters - 1) {
          ps.setLong(i, 10);
        } else {
          ps.setString(i, "x");
        }
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          plan.append(rs.getString(1)).append('\n');
        }
      }
    }
    return plan.toString();
  }

  /** Kills the server side of this database's connections with that application name. */
  private static int terminate(String applicationName) throws SQLException {
    try (Connection c = database.connect();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    + " WHERE datname = ? AND application_name = ?")) {
      ps.setString(1, database.name());
      ps.setString(2, applicationName);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
