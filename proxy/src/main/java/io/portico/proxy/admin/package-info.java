/**
 * The admin HTTP server of a proxy: readiness ({@code /ready}), the config in force ({@code
 * /config_dump}, protobuf JSON with private keys redacted), the clusters with their endpoints'
 * health and counters ({@code /clusters}), and the listeners with their TLS settings and their
 * connection, handshake and authorization counters ({@code /listeners}).
 *
 * <p>Threading: requests are answered on the event loops; they read the config in force and the
 * lock-free counters. Binding and rebinding happen on the runtime's config thread.
 */
package io.portico.proxy.admin;
