/**
 * Who may talk to whom in an mTLS mesh: the authorization rules of sidecar inbounds from
 * TrafficPermission ({@link io.portico.cp.compiler.authorization.TrafficPermissionRules},
 * spec/core.md §3.4) or MeshTrafficPermission ({@link
 * io.portico.cp.compiler.authorization.MeshTrafficPermissionRules}, §4.2–4.3), chosen per inbound
 * by {@link io.portico.cp.compiler.authorization.InboundAuthorization}, and which ExternalServices
 * a dataplane may use ({@link io.portico.cp.compiler.authorization.ExternalServicePermissions},
 * spec/gateway.md §4.6). Principals are client-certificate URIs: {@code spiffe://<mesh>/<service>}
 * and {@code kuma://<tag>/<value>}.
 *
 * <p>Pure functions; no I/O, no threads.
 */
package io.portico.cp.compiler.authorization;
