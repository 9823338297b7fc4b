/**
 * The in-memory store, for tests and throw-away runs: one instance, lost on exit. Writes are
 * serialised by one lock; reads take no lock.
 */
package io.portico.cp.store.memory;
