package io.portico.cp.store.jdbc;

import io.portico.cp.store.LeaderElection;
import io.portico.cp.store.LeadershipListener;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election among the control planes sharing one PostgreSQL database: the leader is the
 * instance holding the session-level advisory lock {@link #LOCK_KEY} on its own dedicated
 * connection (never a pooled one, whose session would be shared).
 *
 * <pre>
 *  follower ──every 1 s: pg_try_advisory_lock──▶ true ──▶ leader (listener: acquired)
 *  leader   ──every 1 s: connection still valid?──▶ no ──▶ follower (listener: lost), reconnect
 *  close    ──▶ pg_advisory_unlock, connection closed (listener: lost)
 * </pre>
 *
 * <p>PostgreSQL releases the lock when the session ends, so a crashed leader is replaced as soon as
 * the server notices its connection is gone; a leader whose connection broke stops calling itself
 * leader within a second. (Kuma uses a lease row in table {@code locks}, spec/core.md §8.1; an
 * advisory lock needs no table and no clock agreement between instances.)
 *
 * <p>Threading: one daemon thread per election owns the connection and calls the listener.
 */
final class AdvisoryLockLeaderElection implements LeaderElection {
  /** The lock key, the same for every instance of a database: "portico" in ASCII. */
  static final long LOCK_KEY = 0x706f727469636fL;

  private static final Logger log = LoggerFactory.getLogger(AdvisoryLockLeaderElection.class);
  private static final Duration RETRY = Duration.ofSeconds(1);
  private static final int VALIDITY_TIMEOUT_SECONDS = 2;

  private final DataSource source;
  private final String location;
  private final AtomicBoolean started = new AtomicBoolean();
  private final CountDownLatch stop = new CountDownLatch(1);
  private volatile boolean leader;
  private volatile Thread thread;
  private LeadershipListener listener;
  private Connection connection;

  AdvisoryLockLeaderElection(DataSource source, String location) {
    this.source = source;
    this.location = location;
  }

  @Override
  public void start(LeadershipListener l) {
    if (stop.getCount() == 0) {
      throw new IllegalStateException("the leader election of " + location + " is closed");
    }
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException(
          "the leader election of " + location + " was already started");
    }
    this.listener = l;
    Thread t = new Thread(this::run, "postgres-leader-election");
    t.setDaemon(true);
    thread = t;
    t.start();
  }

  @Override
  public boolean isLeader() {
    return leader;
  }

  private void run() {
    try {
      do {
        tick();
      } while (!stop.await(RETRY.toMillis(), TimeUnit.MILLISECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      release();
    }
  }

  private void tick() {
    try {
      if (connection == null) {
        connection = source.getConnection();
      }
      if (!leader) {
        try (Statement st = connection.createStatement();
            ResultSet rs = st.executeQuery("SELECT pg_try_advisory_lock(" + LOCK_KEY + ")")) {
          rs.next();
          if (rs.getBoolean(1)) {
            leader = true;
            log.info("leadership acquired: store={}", location);
            tell(true);
          }
        }
      } else if (!connection.isValid(VALIDITY_TIMEOUT_SECONDS)) {
        throw new SQLException("the connection holding the leader lock is no longer valid");
      }
    } catch (SQLException e) {
      closeConnection();
      if (leader) {
        leader = false;
        log.warn("leadership lost: store={} error={}", location, e.getMessage());
        tell(false);
      } else {
        log.debug("cannot compete for leadership: store={} error={}", location, e.getMessage());
      }
    }
  }

  private void release() {
    if (leader && connection != null) {
      try (Statement st = connection.createStatement()) {
        st.execute("SELECT pg_advisory_unlock(" + LOCK_KEY + ")");
      } catch (SQLException e) {
        log.debug("unlock failed, closing the session releases it: store={}", location, e);
      }
    }
    closeConnection();
    if (leader) {
      leader = false;
      log.info("leadership released: store={}", location);
      tell(false);
    }
  }

  private void tell(boolean acquired) {
    try {
      if (acquired) {
        listener.leadershipAcquired();
      } else {
        listener.leadershipLost();
      }
    } catch (RuntimeException e) {
      log.warn("leadership listener failed: store={}", location, e);
    }
  }

  private void closeConnection() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        log.debug("closing the election connection failed: store={}", location, e);
      }
      connection = null;
    }
  }

  /** Stops competing; a leader unlocks and is told it lost leadership before this returns. */
  @Override
  public void close() {
    stop.countDown();
    Thread t = thread;
    if (t != null && t != Thread.currentThread()) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
