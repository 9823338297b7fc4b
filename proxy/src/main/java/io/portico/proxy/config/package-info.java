/**
 * The runtime config: the {@code ProxyConfig} received from the control plane, validated and
 * compiled once into immutable objects (host tables, ordered route tables, weighted pickers,
 * resolved endpoints, TLS contexts built through the {@code tls} engine, authorization matchers),
 * and the holder through which the request path reads the active one.
 *
 * <p>Threading: {@link io.portico.proxy.config.RuntimeConfigCompiler} is a pure function run on the
 * caller's thread (the stream thread). Compiled objects are immutable and shared by every event
 * loop; {@link io.portico.proxy.config.ActiveConfig} is swapped atomically and read without locks.
 */
package io.portico.proxy.config;
