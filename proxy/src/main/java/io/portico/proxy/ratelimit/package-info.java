/**
 * Local rate limiting: the token buckets of RateLimit policies (spec gateway.md §4.5), one per
 * route entry per proxy, and the registry that keeps a bucket across config swaps while its route
 * and limit stay the same.
 *
 * <p>Threading: a bucket is shared by every event loop and taken from without locks (one atomic);
 * the registry is used by the config compiler only, on the caller's thread.
 */
package io.portico.proxy.ratelimit;
