/**
 * Benchmarks of {@code proxy-routing}, the lookups a request goes through on the event loop:
 * virtual host selection ({@link io.portico.proxy.routing.HostTable}), first-match route selection
 * ({@link io.portico.proxy.routing.RouteTable}) and weighted picking ({@link
 * io.portico.proxy.routing.WeightedPicker}). Inputs rotate over precomputed arrays so that the JIT
 * cannot fold a constant lookup.
 */
package io.portico.bench.routing;
