/**
 * The compiled config: the {@code ProxyConfig} received from the control plane, validated and
 * compiled once into immutable objects (host tables, ordered route tables, weighted pickers,
 * resolved endpoints, TLS contexts built through the {@code tls} engine, authorization matchers).
 * The request path reads the config in force through the {@code bind} package's {@code
 * ActiveConfig}.
 *
 * <p>Threading: {@link io.portico.proxy.config.RuntimeConfigCompiler} is a pure function run on the
 * caller's thread (the stream thread). Compiled objects are immutable and shared by every event
 * loop.
 */
package io.portico.proxy.config;
