package io.portico.cp.store.jdbc;

import io.portico.cp.store.StoreException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates or migrates the store's schema with Flyway (history in {@code flyway_schema_history}). A
 * database migrated by a newer Portico, whose migrations this one does not know, is refused rather
 * than used (as Kuma refuses to start on an incompatible schema, spec/core.md §8). Concurrent
 * control planes migrating one PostgreSQL database are serialised by Flyway's own lock.
 */
final class SchemaMigrations {
  private static final Logger log = LoggerFactory.getLogger(SchemaMigrations.class);

  private SchemaMigrations() {}

  static void apply(DataSource dataSource, SqlDialect dialect, String location) {
    Flyway flyway =
        Flyway.configure(SchemaMigrations.class.getClassLoader())
            .dataSource(dataSource)
            .locations(dialect.migrations())
            .ignoreMigrationPatterns(new String[0])
            .communityDBSupportEnabled(true)
            .load();
    try {
      MigrateResult result = flyway.migrate();
      log.info(
          "store schema ready: store={} from={} to={} applied={}",
          location,
          result.initialSchemaVersion,
          result.targetSchemaVersion,
          result.migrationsExecuted);
    } catch (FlywayException e) {
      throw new StoreException(
          location
              + ": cannot create or migrate the store schema (a database written by a newer"
              + " Portico is refused): "
              + e.getMessage(),
          e);
    }
  }
}
