/**
 * The mesh's metrics backend (spec/core.md §1.3): whether and where a proxy serves Prometheus
 * metrics. Pure functions; no I/O, no threads.
 */
package io.portico.cp.compiler.metrics;
