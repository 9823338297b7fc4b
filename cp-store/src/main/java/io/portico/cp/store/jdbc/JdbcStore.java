package io.portico.cp.store.jdbc;

import io.portico.cp.store.ChangeFeed;
import io.portico.cp.store.ChangeListener;
import io.portico.cp.store.LeaderElection;
import io.portico.cp.store.ListQuery;
import io.portico.cp.store.ResourceAlreadyExistsException;
import io.portico.cp.store.ResourceChange;
import io.portico.cp.store.ResourceConflictException;
import io.portico.cp.store.ResourceNotFoundException;
import io.portico.cp.store.ResourcePage;
import io.portico.cp.store.ResourceStore;
import io.portico.cp.store.StoreException;
import io.portico.cp.store.Subscription;
import io.portico.cp.store.UnreadableResourceException;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.ResourceKey;
import io.portico.mesh.api.ResourceMeta;
import io.portico.mesh.api.ResourceSpec;
import io.portico.mesh.api.ResourceType;
import io.portico.mesh.api.codec.ResourceCodec;
import io.portico.mesh.api.validation.ValidationException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store on a SQL database (SQLite or PostgreSQL), one table {@code resources(type, mesh, name,
 * version, spec, creation_time, modification_time)} keyed by {@code (type, mesh, name)}.
 *
 * <ul>
 *   <li>Listing one type (in one mesh) is a range scan of the primary key, already in (mesh, name)
 *       order; {@link #listSql} and {@link #countSql} are the exact statements.
 *   <li>Optimistic concurrency: {@code UPDATE ... WHERE version = ?}; no row means a stale version
 *       (conflict) or a missing resource (not found), told apart in the same transaction.
 *   <li>Deleting a Mesh deletes the resources of that mesh in the same transaction (spec/core.md §0
 *       "Ownership").
 *   <li>Specs are kept as the codec's JSON text, times with microsecond precision from the injected
 *       clock.
 * </ul>
 *
 * <p>How changes reach the feed depends on who else writes: a store that is the only writer
 * (SQLite) serialises its writes and publishes each one after its commit; a shared store
 * (PostgreSQL) publishes nothing itself and relies on the database's notifications, which carry the
 * writes of every instance, its own included, exactly once (see {@link PostgresChangeRelay}).
 */
public final class JdbcStore implements ResourceStore {
  private static final Logger log = LoggerFactory.getLogger(JdbcStore.class);
  private static final String MESH_TYPE = "Mesh";

  private static final String INSERT =
      "INSERT INTO resources (type, mesh, name, version, spec, creation_time, modification_time)"
          + " VALUES (?, ?, ?, 1, ?, ?, ?) ON CONFLICT (type, mesh, name) DO NOTHING";
  private static final String UPDATE =
      "UPDATE resources SET version = version + 1, spec = ?, modification_time = ?"
          + " WHERE type = ? AND mesh = ? AND name = ? AND version = ?";
  private static final String SELECT_ONE =
      "SELECT version, spec, creation_time, modification_time FROM resources"
          + " WHERE type = ? AND mesh = ? AND name = ?";
  private static final String SELECT_VERSION =
      "SELECT version FROM resources WHERE type = ? AND mesh = ? AND name = ?";
  private static final String SELECT_CREATION_TIME =
      "SELECT creation_time FROM resources WHERE type = ? AND mesh = ? AND name = ?";
  private static final String DELETE_ONE =
      "DELETE FROM resources WHERE type = ? AND mesh = ? AND name = ?";
  private static final String SELECT_MESH_MEMBERS =
      "SELECT type, name, version FROM resources WHERE mesh = ? AND mesh <> '' ORDER BY type, name";
  private static final String DELETE_MESH_MEMBERS =
      "DELETE FROM resources WHERE mesh = ? AND mesh <> ''";

  private final SqlDialect dialect;
  private final String location;
  private final DataSource dataSource;
  private final ResourceCodec codec;
  private final Clock clock;
  private final ChangeFeed feed;
  private final boolean publishesOwnWrites;
  private final ReentrantLock writeLock;
  private final LeaderElection leaderElection;
  private final List<AutoCloseable> closeables;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Map<ResourceKey, Long> reportedUnreadable = new ConcurrentHashMap<>();

  /**
   * @param location what to name in messages ({@code SQLite /var/lib/portico/store.db})
   * @param publishesOwnWrites true when this store is the only writer: writes are then serialised
   *     and published on the feed after their commit; false when the feed is fed from elsewhere
   * @param closeables closed in order after the leader election, before the feed
   */
  JdbcStore(
      SqlDialect dialect,
      String location,
      DataSource dataSource,
      ResourceCodec codec,
      Clock clock,
      ChangeFeed feed,
      boolean publishesOwnWrites,
      LeaderElection leaderElection,
      List<AutoCloseable> closeables) {
    this.dialect = dialect;
    this.location = location;
    this.dataSource = dataSource;
    this.codec = codec;
    this.clock = clock;
    this.feed = feed;
    this.publishesOwnWrites = publishesOwnWrites;
    this.writeLock = publishesOwnWrites ? new ReentrantLock() : null;
    this.leaderElection = leaderElection;
    this.closeables = List.copyOf(closeables);
  }

  /** The statement that lists one page of a type, in every mesh or in one ({@code inMesh}). */
  static String listSql(boolean inMesh) {
    return "SELECT mesh, name, version, spec, creation_time, modification_time FROM resources"
        + (inMesh ? " WHERE type = ? AND mesh = ?" : " WHERE type = ?")
        + " ORDER BY mesh, name LIMIT ? OFFSET ?";
  }

  /** The statement that counts the resources {@link #listSql} pages through. */
  static String countSql(boolean inMesh) {
    return "SELECT count(*) FROM resources"
        + (inMesh ? " WHERE type = ? AND mesh = ?" : " WHERE type = ?");
  }

  @Override
  public <S extends ResourceSpec> Resource<S> create(Resource<S> resource) {
    ResourceKey key = keyOf(resource.type(), resource.mesh(), resource.name());
    Instant now = dialect.storable(clock.instant());
    String spec = codec.specToJson(resource.spec());
    write(
        "create " + key,
        c -> {
          try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            bindKey(ps, 1, key);
            ps.setString(4, spec);
            dialect.bindTime(ps, 5, now);
            dialect.bindTime(ps, 6, now);
            if (ps.executeUpdate() == 0) {
              throw new ResourceAlreadyExistsException(key, key + " already exists");
            }
          }
          return List.of(new ResourceChange(ResourceChange.Kind.CREATED, key, 1));
        });
    return resource.withMeta(new ResourceMeta(key.mesh(), key.name(), 1, now, now));
  }

  @Override
  public <S extends ResourceSpec> Resource<S> update(Resource<S> resource) {
    ResourceKey key = keyOf(resource.type(), resource.mesh(), resource.name());
    long expected = resource.meta().version();
    Instant now = dialect.storable(clock.instant());
    String spec = codec.specToJson(resource.spec());
    Instant[] created = new Instant[1];
    write(
        "update " + key,
        c -> {
          int updated;
          try (PreparedStatement ps = c.prepareStatement(UPDATE)) {
            ps.setString(1, spec);
            dialect.bindTime(ps, 2, now);
            bindKey(ps, 3, key);
            ps.setLong(6, expected);
            updated = ps.executeUpdate();
          }
          if (updated == 0) {
            long stored = storedVersion(c, key);
            if (stored < 0) {
              throw new ResourceNotFoundException(key, key + " does not exist");
            }
            throw new ResourceConflictException(
                key,
                key
                    + " was changed concurrently: expected version "
                    + expected
                    + " but it is at "
                    + stored);
          }
          try (PreparedStatement ps = c.prepareStatement(SELECT_CREATION_TIME)) {
            bindKey(ps, 1, key);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              created[0] = dialect.readTime(rs, "creation_time");
            }
          }
          return List.of(new ResourceChange(ResourceChange.Kind.UPDATED, key, expected + 1));
        });
    return resource.withMeta(
        new ResourceMeta(key.mesh(), key.name(), expected + 1, created[0], now));
  }

  @Override
  public void delete(ResourceType<?> type, String mesh, String name) {
    ResourceKey key = keyOf(type, mesh, name);
    write(
        "delete " + key,
        c -> {
          long version = storedVersion(c, key);
          if (version < 0) {
            throw new ResourceNotFoundException(key, key + " does not exist");
          }
          try (PreparedStatement ps = c.prepareStatement(DELETE_ONE)) {
            bindKey(ps, 1, key);
            ps.executeUpdate();
          }
          List<ResourceChange> changes = new ArrayList<>();
          changes.add(new ResourceChange(ResourceChange.Kind.DELETED, key, version));
          if (MESH_TYPE.equals(type.name())) {
            changes.addAll(deleteMeshMembers(c, name));
          }
          return changes;
        });
  }

  private List<ResourceChange> deleteMeshMembers(Connection c, String mesh) throws SQLException {
    List<ResourceChange> changes = new ArrayList<>();
    if (publishesOwnWrites) {
      try (PreparedStatement ps = c.prepareStatement(SELECT_MESH_MEMBERS)) {
        ps.setString(1, mesh);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            changes.add(
                new ResourceChange(
                    ResourceChange.Kind.DELETED,
                    new ResourceKey(rs.getString("type"), mesh, rs.getString("name")),
                    rs.getLong("version")));
          }
        }
      }
    }
    try (PreparedStatement ps = c.prepareStatement(DELETE_MESH_MEMBERS)) {
      ps.setString(1, mesh);
      int deleted = ps.executeUpdate();
      log.debug("deleted the resources of a deleted mesh: mesh={} count={}", mesh, deleted);
    }
    return changes;
  }

  @Override
  public <S extends ResourceSpec> Optional<Resource<S>> get(
      ResourceType<S> type, String mesh, String name) {
    ResourceKey key = keyOf(type, mesh, name);
    return read(
        "get " + key,
        c -> {
          try (PreparedStatement ps = c.prepareStatement(SELECT_ONE)) {
            bindKey(ps, 1, key);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next()
                  ? Optional.of(toResource(type, key.mesh(), key.name(), rs))
                  : Optional.empty();
            }
          }
        });
  }

  @Override
  public <S extends ResourceSpec> ResourcePage<S> list(ResourceType<S> type, ListQuery query) {
    boolean inMesh = type.isMeshScoped() && query.mesh() != null;
    long limit = query.size() == 0 ? Long.MAX_VALUE : query.size();
    return read(
        "list " + type.name() + (inMesh ? " in mesh " + query.mesh() : ""),
        c -> {
          c.setAutoCommit(false);
          if (dialect == SqlDialect.POSTGRES) {
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
          }
          try {
            List<Resource<S>> items = new ArrayList<>();
            int rows = 0;
            try (PreparedStatement ps = c.prepareStatement(listSql(inMesh))) {
              int i = bindTypeAndMesh(ps, type, inMesh, query.mesh());
              ps.setLong(i, limit);
              ps.setInt(i + 1, query.offset());
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  rows++;
                  try {
                    items.add(toResource(type, rs.getString("mesh"), rs.getString("name"), rs));
                  } catch (UnreadableResourceException e) {
                    reportUnreadable(e);
                  }
                }
              }
            }
            boolean pageFull = query.size() > 0 && rows == query.size();
            int total;
            if (!pageFull && (rows > 0 || query.offset() == 0)) {
              total = query.offset() + rows;
            } else {
              try (PreparedStatement ps = c.prepareStatement(countSql(inMesh))) {
                bindTypeAndMesh(ps, type, inMesh, query.mesh());
                try (ResultSet rs = ps.executeQuery()) {
                  rs.next();
                  total = rs.getInt(1);
                }
              }
            }
            int end = query.offset() + rows;
            return new ResourcePage<>(items, total, end < total ? end : -1);
          } finally {
            c.rollback();
          }
        });
  }

  @Override
  public Subscription subscribe(ChangeListener listener) {
    return feed.subscribe(listener);
  }

  @Override
  public LeaderElection leaderElection() {
    return leaderElection;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    leaderElection.close();
    for (AutoCloseable closeable : closeables) {
      try {
        closeable.close();
      } catch (Exception e) {
        log.warn("could not close part of the store: store={} part={}", location, closeable, e);
      }
    }
    feed.close();
    log.info("store closed: store={}", location);
  }

  @Override
  public String toString() {
    return location;
  }

  /** The pool the store's statements run on; for tests that look at connection settings. */
  DataSource dataSource() {
    return dataSource;
  }

  // ---------------------------------------------------------------- plumbing

  @FunctionalInterface
  private interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
  }

  private <T> T read(String what, SqlWork<T> work) {
    try (Connection c = dataSource.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  /**
   * Runs one write transaction. The work returns the changes it made; a store that publishes its
   * own writes publishes them after the commit, still holding the write lock so that the feed's
   * order is the commit order.
   */
  private void write(String what, SqlWork<List<ResourceChange>> work) {
    if (writeLock != null) {
      writeLock.lock();
    }
    try {
      List<ResourceChange> changes;
      try (Connection c = dataSource.getConnection()) {
        c.setAutoCommit(false);
        try {
          changes = work.run(c);
          c.commit();
        } catch (SQLException | RuntimeException e) {
          rollback(c, what);
          throw e;
        }
      } catch (SQLException e) {
        throw failure(what, e);
      }
      if (publishesOwnWrites) {
        changes.forEach(feed::publish);
      }
    } finally {
      if (writeLock != null) {
        writeLock.unlock();
      }
    }
  }

  private void rollback(Connection c, String what) {
    try {
      c.rollback();
    } catch (SQLException e) {
      log.debug("rollback failed: store={} operation={}", location, what, e);
    }
  }

  private StoreException failure(String what, SQLException e) {
    return new StoreException(location + ": " + what + " failed: " + e.getMessage(), e);
  }

  private static ResourceKey keyOf(ResourceType<?> type, String mesh, String name) {
    return new ResourceKey(type.name(), type.isMeshScoped() ? mesh : "", name);
  }

  private static void bindKey(PreparedStatement ps, int first, ResourceKey key)
      throws SQLException {
    ps.setString(first, key.type());
    ps.setString(first + 1, key.mesh());
    ps.setString(first + 2, key.name());
  }

  /** Binds the type (and mesh) of a list or count statement; returns the next parameter index. */
  private static int bindTypeAndMesh(
      PreparedStatement ps, ResourceType<?> type, boolean inMesh, String mesh) throws SQLException {
    ps.setString(1, type.name());
    if (inMesh) {
      ps.setString(2, mesh);
      return 3;
    }
    return 2;
  }

  /** The stored version, or -1 when the resource does not exist. */
  private static long storedVersion(Connection c, ResourceKey key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SELECT_VERSION)) {
      bindKey(ps, 1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : -1;
      }
    }
  }

  /**
   * A row as a resource.
   *
   * @throws UnreadableResourceException when the stored spec is not a valid spec of the type any
   *     more
   */
  private <S extends ResourceSpec> Resource<S> toResource(
      ResourceType<S> type, String mesh, String name, ResultSet rs) throws SQLException {
    ResourceMeta meta =
        new ResourceMeta(
            mesh,
            name,
            rs.getLong("version"),
            dialect.readTime(rs, "creation_time"),
            dialect.readTime(rs, "modification_time"));
    S spec;
    try {
      spec = codec.specFromJson(type, rs.getString("spec"));
    } catch (ValidationException e) {
      throw new UnreadableResourceException(
          new ResourceKey(type.name(), mesh, name), meta, e.getMessage());
    }
    return new Resource<>(type, meta, spec);
  }

  /**
   * Names an unreadable resource in the log (WARN), once per stored version, so that a listing that
   * skips it every second does not flood the log.
   */
  private void reportUnreadable(UnreadableResourceException e) {
    Long previous = reportedUnreadable.put(e.key(), e.meta().version());
    if (previous == null || previous != e.meta().version()) {
      log.warn(
          "stored resource cannot be read, it is left out of listings until it is replaced or"
              + " deleted: store={} type={} mesh={} name={} version={} reason={}",
          location,
          e.key().type(),
          e.key().mesh(),
          e.key().name(),
          e.meta().version(),
          e.reason());
    }
  }
}
