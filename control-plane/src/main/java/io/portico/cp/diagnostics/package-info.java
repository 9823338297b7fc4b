/**
 * The diagnostics server (spec/core.md §5.7, port {@code diagnostics.serverPort}): {@code /healthy}
 * (the process is up) and {@code /ready} (the store answers and the API is serving). Served by the
 * JDK HTTP server on one small thread pool; the readiness check is injected.
 */
package io.portico.cp.diagnostics;
