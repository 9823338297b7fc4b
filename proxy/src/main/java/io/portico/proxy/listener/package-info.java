/**
 * Listeners: binding the sockets of a config's listeners, reconciling them when a new config
 * arrives (unchanged addresses keep their sockets, new ones are bound before the config is applied,
 * removed ones stop accepting and drain), and the admission of each accepted connection: the
 * connection limit, downstream TLS (SNI, permissive detection), authorization on the client
 * certificate, then the choice of the HTTP or TCP pipeline. Per-listener connection counters.
 *
 * <p>Threading: {@link io.portico.proxy.listener.ListenerManager} runs on the runtime's config
 * thread (the stream thread) and blocks there on binds; accepted connections are set up on their
 * event loop, reading the config in force without locks.
 */
package io.portico.proxy.listener;
