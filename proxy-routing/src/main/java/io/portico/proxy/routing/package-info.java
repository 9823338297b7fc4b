/**
 * Compiled lookups for the proxy: the host table (virtual host selection, spec gateway.md §2.8),
 * the route table (ordered entries with precompiled matchers, first match wins, §3.2), and weighted
 * picking (smooth weighted round-robin, sampling of mirror fractions). Pure Java, JDK only.
 *
 * <p>Threading: every table is immutable once built and safe to read from any thread without locks.
 * {@link io.portico.proxy.routing.WeightedPicker} advances one atomic counter per pick.
 */
package io.portico.proxy.routing;
