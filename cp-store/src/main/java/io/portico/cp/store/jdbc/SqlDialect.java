package io.portico.cp.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * What differs between the SQL databases the {@link JdbcStore} runs on. Everything else (the
 * statements, optimistic concurrency, the cascade) is shared.
 */
enum SqlDialect {
  /** SQLite: times as INTEGER microseconds since the epoch (SQLite has no time type). */
  SQLITE("classpath:db/migration/sqlite") {
    @Override
    void bindTime(PreparedStatement statement, int index, Instant time) throws SQLException {
      statement.setLong(index, ChronoUnit.MICROS.between(Instant.EPOCH, time));
    }

    @Override
    Instant readTime(ResultSet rs, String column) throws SQLException {
      long micros = rs.getLong(column);
      return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }
  },

  /** PostgreSQL: times as timestamptz (microsecond precision). */
  POSTGRES("classpath:db/migration/postgres") {
    @Override
    void bindTime(PreparedStatement statement, int index, Instant time) throws SQLException {
      statement.setObject(index, OffsetDateTime.ofInstant(time, ZoneOffset.UTC));
    }

    @Override
    Instant readTime(ResultSet rs, String column) throws SQLException {
      return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
  };

  private final String migrations;

  SqlDialect(String migrations) {
    this.migrations = migrations;
  }

  /** The Flyway location of this dialect's migrations. */
  String migrations() {
    return migrations;
  }

  /** Both dialects keep microseconds; times are truncated to that before they are stored. */
  Instant storable(Instant time) {
    return time.truncatedTo(ChronoUnit.MICROS);
  }

  abstract void bindTime(PreparedStatement statement, int index, Instant time) throws SQLException;

  abstract Instant readTime(ResultSet rs, String column) throws SQLException;
}
