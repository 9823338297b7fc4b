/**
 * Local rate limiting: the token bucket of a RateLimit policy (spec gateway.md §4.5), one per route
 * entry per proxy. The {@code bind} step hands them out and keeps one across config swaps while its
 * route and limit stay the same.
 *
 * <p>Threading: a bucket is shared by every event loop and taken from without locks (one atomic).
 */
package io.portico.proxy.ratelimit;
