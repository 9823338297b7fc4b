/**
 * The SQL stores: one {@link io.portico.cp.store.jdbc.JdbcStore} on SQLite (the embedded default,
 * one control plane) or PostgreSQL (production, several control planes), the schema migrated with
 * Flyway ({@code db/migration/sqlite}, {@code db/migration/postgres}), the PostgreSQL change relay
 * (LISTEN/NOTIFY plus a fallback poll) and the advisory-lock leader election. See
 * docs/adr/0002-stores.md.
 *
 * <p>Threading: stores are thread-safe; statements run on the caller's thread with a pooled
 * connection. SQLite writes are serialised by one lock. The PostgreSQL relay and election each own
 * one daemon thread and one dedicated connection; change listeners run on the store's feed thread.
 */
package io.portico.cp.store.jdbc;
