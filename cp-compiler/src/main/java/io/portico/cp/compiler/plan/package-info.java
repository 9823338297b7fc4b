/**
 * The plan of one proxy's config: listeners (with the TLS they terminate and who may connect),
 * virtual hosts, ordered routes and the clusters they reference (with the TLS toward them), with
 * the policies that won for each, before they are written as a {@code ProxyConfig}; and the {@link
 * io.portico.cp.compiler.plan.Problem}s: what was left out of the config and why. The gateway and
 * sidecar planners produce it; the emitter turns it into the wire contract.
 *
 * <p>Immutable records compared by value: two equal {@link
 * io.portico.cp.compiler.plan.ClusterPlan}s are one cluster. The one mutable class, {@link
 * io.portico.cp.compiler.plan.Problems}, collects the problems of one compilation and is confined
 * to it. No I/O, no threads.
 */
package io.portico.cp.compiler.plan;
