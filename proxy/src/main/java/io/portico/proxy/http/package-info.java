/**
 * HTTP/1.1 (and 1.0) downstream proxying: the pipeline of an HTTP listener's connection, request
 * validation, virtual host and route selection, the route actions (forward with header and path
 * rewrites and mirrors, redirect, direct response), and the single mapping of failures to responses
 * ({@link io.portico.proxy.http.ProxyFailure}).
 *
 * <p>Threading: everything of a connection runs on its event loop, including its upstream
 * connections (taken from that loop's pools) and mirrors. A request reads the active config once,
 * when its head arrives, and keeps those objects to the end; no locks are taken.
 *
 * <p>HTTP/2 downstream (TLS with ALPN) will plug in at {@link
 * io.portico.proxy.http.HttpServerInitializer}: the exchanges deal in Netty's {@code HttpObject}s,
 * which Netty's HTTP/2 to HTTP/1 stream codec also produces.
 */
package io.portico.proxy.http;
