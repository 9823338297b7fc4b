/**
 * The plan of one proxy's config: listeners, virtual hosts, ordered routes and the clusters they
 * reference, with the policies that won for each, before they are written as a {@code ProxyConfig}.
 * The gateway and sidecar planners produce it; the emitter turns it into the wire contract.
 *
 * <p>Immutable records compared by value: two equal {@link
 * io.portico.cp.compiler.plan.ClusterPlan}s are one cluster. No I/O, no threads.
 */
package io.portico.cp.compiler.plan;
