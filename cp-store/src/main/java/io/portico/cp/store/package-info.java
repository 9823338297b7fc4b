/**
 * The store contract: resources kept with a version (optimistic concurrency), creation and
 * modification times, listed by (type, mesh) without scanning other resources, and a change feed.
 * Implementations are thread-safe; listeners run on one notification thread per store, in order.
 */
package io.portico.cp.store;
