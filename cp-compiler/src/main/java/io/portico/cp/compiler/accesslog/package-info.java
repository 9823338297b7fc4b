/**
 * TrafficLog (spec/core.md §1.3, §3.4; spec/gateway.md §4.1): which TrafficLog applies to each
 * listener and the logging backend it resolves to. Pure functions; no I/O, no threads.
 */
package io.portico.cp.compiler.accesslog;
