/**
 * How connections are carried: the event-loop group (native epoll when available, NIO otherwise)
 * and the channel classes that go with it, and the connection lifecycle events that the listener
 * layer sends to pipelines (draining).
 *
 * <p>Threading: {@link io.portico.proxy.transport.Transport} is created once per runtime and is
 * immutable; its group's event loops run every handler of the proxy.
 */
package io.portico.proxy.transport;
