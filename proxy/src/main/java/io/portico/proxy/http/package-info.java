/**
 * HTTP downstream proxying: the pipeline of an HTTP listener's connection (HTTP/1.1 and 1.0, and
 * HTTP/2 by ALPN or prior knowledge, each HTTP/2 stream served like an HTTP/1.1 request), request
 * validation, virtual host and route selection, the route actions (forward with header and path
 * rewrites and mirrors, redirect, direct response), the route policies on the request path (the
 * RateLimit bucket checked when the route is chosen; Retry: a forward is a sequence of tries, each
 * ending in one place, {@code ForwardExchange.tryEnded}), and the single mapping of failures to
 * responses ({@link io.portico.proxy.http.ProxyFailure}).
 *
 * <p>Threading: everything of a connection runs on its event loop, including its HTTP/2 streams,
 * its upstream connections (taken from that loop's pools) and mirrors. A request reads the active
 * config once, when its head arrives, and keeps those objects to the end; no locks are taken. Retry
 * back-offs and per-try timeouts are timers on the connection's event loop (nothing sleeps);
 * rate-limit buckets are shared by every loop through one atomic each.
 */
package io.portico.proxy.http;
