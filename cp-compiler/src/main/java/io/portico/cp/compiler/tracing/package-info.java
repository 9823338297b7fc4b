/**
 * TrafficTrace (spec/core.md §1.3, §3.4; spec/gateway.md §4.1): which TrafficTrace applies to a
 * dataplane and the tracing backend it resolves to, for each HTTP listener. Pure functions; no I/O,
 * no threads.
 */
package io.portico.cp.compiler.tracing;
