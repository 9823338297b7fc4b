/**
 * Where a destination's traffic goes: the endpoints of a destination tag map (healthy dataplane
 * inbounds whose tags contain every destination tag, or an ExternalService's address), the protocol
 * of a service, and the cluster plans built from them (spec/gateway.md §3.4, spec/core.md §2.1,
 * §2.3). Pure functions of the mesh context; no I/O, no threads.
 */
package io.portico.cp.compiler.endpoints;
