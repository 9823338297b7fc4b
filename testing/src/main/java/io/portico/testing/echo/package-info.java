/**
 * Echo upstreams for proxy tests: an HTTP server (HTTP/1.1, h2c prior knowledge and h2c upgrade)
 * that answers every request with a JSON description of it, and a TCP server that sends every byte
 * back.
 *
 * <p>Threading: each server owns a small Netty event-loop group; handlers run on their channel's
 * event loop and share no mutable state. {@code start} and {@code close} may be called from any
 * thread.
 */
package io.portico.testing.echo;
