/**
 * TCP proxying (spec gateway.md §2.9): per connection a weighted cluster, then an endpoint, is
 * picked; bytes are spliced both ways with backpressure and half-close.
 *
 * <p>Threading: a downstream connection and its upstream connection share one event loop; nothing
 * is shared between connections but the immutable config and the upstream pools' bootstrap.
 */
package io.portico.proxy.tcp;
