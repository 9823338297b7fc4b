/**
 * The admin HTTP server of a proxy: readiness ({@code /ready}), the config in force ({@code
 * /config_dump}, protobuf JSON with private keys redacted) and the clusters with their endpoints'
 * health and counters ({@code /clusters}).
 *
 * <p>Threading: requests are answered on the event loops; they read the config in force and the
 * lock-free counters. Binding and rebinding happen on the runtime's config thread.
 */
package io.portico.proxy.admin;
