package io.portico.cp.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portico.cp.store.ChangeFeed;
import io.portico.cp.store.ResourceChange;
import io.portico.cp.store.StoreException;
import io.portico.mesh.api.ResourceKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the local {@link ChangeFeed} with the writes of every control plane sharing the PostgreSQL
 * database, this one included: the only path by which a Postgres store publishes changes, so that
 * each change is published once whoever wrote it.
 *
 * <pre>
 *  trigger resources_notify ──pg_notify(portico_resource_events, {action,type,mesh,name,version})──┐
 *                                                                                                    ▼
 *  relay thread: LISTEN on a dedicated connection ─▶ getNotifications(100 ms) ─▶ apply ─▶ ChangeFeed
 *                 every pollInterval: count(*), sum(version) ≠ what it knows? ─▶ reconcile ─┘
 *                 connection broken: reconnect with backoff, then reconcile
 * </pre>
 *
 * <p>The relay knows the version of every resource (key → version), loaded when the store opens. A
 * notification is applied only when it moves that knowledge forward (an unknown key created, a
 * higher version, the deletion of the known version); a reconcile reads every key and version and
 * publishes the differences. So a change that both a reconcile and its late notification report is
 * published once, and notifications lost while the connection was down, or never sent (a write that
 * bypassed the trigger), are still noticed within a poll interval.
 *
 * <p>Threading: one daemon thread owns the connection and the known versions.
 */
final class PostgresChangeRelay implements AutoCloseable {
  static final String CHANNEL = "portico_resource_events";
  private static final Logger log = LoggerFactory.getLogger(PostgresChangeRelay.class);
  private static final int WAIT_MILLIS = 100;
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
  private static final String SELECT_VERSIONS = "SELECT type, mesh, name, version FROM resources";
  private static final String FINGERPRINT =
      "SELECT count(*), coalesce(sum(version), 0)::bigint FROM resources";

  private final DataSource source;
  private final ChangeFeed feed;
  private final long pollNanos;
  private final String location;
  private final ObjectMapper json = new ObjectMapper();
  private final CountDownLatch stop = new CountDownLatch(1);
  private final Thread thread;

  private Map<ResourceKey, Long> known = new HashMap<>();
  private long knownVersionSum;
  private Connection connection;

  private PostgresChangeRelay(
      DataSource source, ChangeFeed feed, Duration pollInterval, String location) {
    this.source = source;
    this.feed = feed;
    this.pollNanos = pollInterval.toNanos();
    this.location = location;
    this.thread = new Thread(this::run, "postgres-change-relay");
    this.thread.setDaemon(true);
  }

  /**
   * Connects, listens, learns the current versions (publishing nothing for them) and starts
   * relaying.
   *
   * @throws StoreException when the listening connection cannot be set up
   */
  static PostgresChangeRelay start(
      DataSource source, ChangeFeed feed, Duration pollInterval, String location) {
    PostgresChangeRelay relay = new PostgresChangeRelay(source, feed, pollInterval, location);
    try {
      relay.connect(false);
    } catch (SQLException e) {
      relay.closeConnection();
      throw new StoreException(
          location + ": cannot listen for changes on " + CHANNEL + ": " + e.getMessage(), e);
    }
    relay.thread.start();
    return relay;
  }

  private void run() {
    long nextPoll = System.nanoTime() + pollNanos;
    Duration backoff = FIRST_BACKOFF;
    while (stop.getCount() > 0) {
      try {
        if (connection == null) {
          connect(true);
          backoff = FIRST_BACKOFF;
          log.info("change listener reconnected: store={}", location);
        }
        PGNotification[] notifications =
            connection.unwrap(PGConnection.class).getNotifications(WAIT_MILLIS);
        applyAll(notifications);
        if (System.nanoTime() - nextPoll >= 0) {
          poll();
          nextPoll = System.nanoTime() + pollNanos;
        }
      } catch (SQLException | RuntimeException e) {
        if (stop.getCount() == 0) {
          break;
        }
        log.warn(
            "change listener failed; reconnecting: store={} retryIn={} error={}",
            location,
            backoff,
            e.toString());
        closeConnection();
        if (awaitStop(backoff)) {
          break;
        }
        backoff =
            backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
                ? MAX_BACKOFF
                : backoff.multipliedBy(2);
      }
    }
    closeConnection();
  }

  private void connect(boolean publishDifferences) throws SQLException {
    connection = source.getConnection();
    try (Statement st = connection.createStatement()) {
      st.execute("LISTEN " + CHANNEL);
    }
    reconcile(publishDifferences);
  }

  /** Compares a cheap fingerprint of the table with what the relay knows; reconciles if off. */
  private void poll() throws SQLException {
    long count;
    long versionSum;
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery(FINGERPRINT)) {
      rs.next();
      count = rs.getLong(1);
      versionSum = rs.getLong(2);
    }
    applyAll(connection.unwrap(PGConnection.class).getNotifications());
    if (count != known.size() || versionSum != knownVersionSum) {
      log.debug(
          "change poll found unannounced changes: store={} count={} known={}",
          location,
          count,
          known.size());
      reconcile(true);
    }
  }

  /** Reads every key and version; publishes what differs from what the relay knew. */
  private void reconcile(boolean publishDifferences) throws SQLException {
    Map<ResourceKey, Long> current = new HashMap<>();
    long sum = 0;
    try (PreparedStatement ps = connection.prepareStatement(SELECT_VERSIONS);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        long version = rs.getLong("version");
        current.put(
            new ResourceKey(rs.getString("type"), rs.getString("mesh"), rs.getString("name")),
            version);
        sum += version;
      }
    }
    if (publishDifferences) {
      List<ResourceChange> changes = new ArrayList<>();
      known.forEach(
          (key, version) -> {
            Long now = current.get(key);
            if (now == null || now < version) {
              changes.add(new ResourceChange(ResourceChange.Kind.DELETED, key, version));
            }
          });
      current.forEach(
          (key, version) -> {
            Long before = known.get(key);
            if (before == null || version < before) {
              changes.add(new ResourceChange(ResourceChange.Kind.CREATED, key, version));
            } else if (version > before) {
              changes.add(new ResourceChange(ResourceChange.Kind.UPDATED, key, version));
            }
          });
      changes.sort(
          Comparator.comparing((ResourceChange c) -> c.kind() != ResourceChange.Kind.DELETED)
              .thenComparing(c -> c.key().type())
              .thenComparing(c -> c.key().mesh())
              .thenComparing(c -> c.key().name()));
      changes.forEach(feed::publish);
    }
    known = current;
    knownVersionSum = sum;
  }

  private void applyAll(PGNotification[] notifications) {
    if (notifications == null) {
      return;
    }
    for (PGNotification n : notifications) {
      if (CHANNEL.equals(n.getName())) {
        apply(n.getParameter());
      }
    }
  }

  private void apply(String payload) {
    JsonNode event;
    try {
      event = json.readTree(payload);
    } catch (JsonProcessingException e) {
      log.warn("ignoring a malformed change notification: store={} payload={}", location, payload);
      return;
    }
    ResourceKey key =
        new ResourceKey(
            event.path("type").asText(), event.path("mesh").asText(), event.path("name").asText());
    long version = event.path("version").asLong();
    Long before = known.get(key);
    switch (event.path("action").asText()) {
      case "INSERT" -> {
        if (before == null) {
          remember(key, version);
          feed.publish(new ResourceChange(ResourceChange.Kind.CREATED, key, version));
        }
      }
      case "UPDATE" -> {
        if (before == null || before < version) {
          remember(key, version);
          feed.publish(new ResourceChange(ResourceChange.Kind.UPDATED, key, version));
        }
      }
      case "DELETE" -> {
        if (before != null && before == version) {
          known.remove(key);
          knownVersionSum -= version;
          feed.publish(new ResourceChange(ResourceChange.Kind.DELETED, key, version));
        }
      }
      default -> log.warn("ignoring a change notification: store={} payload={}", location, payload);
    }
  }

  private void remember(ResourceKey key, long version) {
    Long before = known.put(key, version);
    knownVersionSum += version - (before == null ? 0 : before);
  }

  private boolean awaitStop(Duration wait) {
    try {
      return stop.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  private void closeConnection() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        log.debug("closing the listening connection failed: store={}", location, e);
      }
      connection = null;
    }
  }

  @Override
  public void close() {
    stop.countDown();
    if (Thread.currentThread() != thread) {
      try {
        thread.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public String toString() {
    return "change relay of " + location;
  }
}
