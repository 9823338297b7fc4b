/**
 * The compiled config: the {@code ProxyConfig} received from the control plane, validated and
 * compiled once into immutable values (host tables, ordered route tables, endpoints as host, port
 * and weight, TLS contexts built through the {@code tls} engine, authorization matchers). No name
 * resolution and no look at the host's interfaces: that is the {@code bind} package's, which also
 * holds the config in force ({@code ActiveConfig}).
 *
 * <p>Threading: {@link io.portico.proxy.config.RuntimeConfigCompiler} is a pure function run on the
 * caller's thread (the stream thread). Compiled objects are immutable and shared by every event
 * loop.
 */
package io.portico.proxy.config;
