/**
 * Writes a {@link io.portico.cp.compiler.plan.ProxyPlan} as the wire contract {@code ProxyConfig}:
 * names the clusters, maps policies onto cluster and route settings (spec/gateway.md §4.5) and
 * stamps the content hash as version. Deterministic: equal plans give equal bytes. No I/O, no
 * threads.
 */
package io.portico.cp.compiler.emit;
