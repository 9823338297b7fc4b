/**
 * {@code porticoctl version}: the client's own version (from the build) and the control plane's
 * ({@code GET /}). Runs on the main thread.
 */
package io.portico.cli.version;
