/**
 * The write path in front of a store: validation (every error at once), mesh ownership, upserts
 * with optimistic-concurrency retries, and hooks for the control plane's side effects. Thread-safe.
 */
package io.portico.cp.store.manager;
