/**
 * The builtin gateway, in the order of spec/gateway.md §2–§4: which MeshGateway configures a
 * gateway dataplane ({@link io.portico.mesh.api.gateway.GatewaySelection}, §2.1), listener tags and
 * port groups ({@link io.portico.cp.compiler.gateway.GatewayListener}, {@link
 * io.portico.cp.compiler.gateway.PortGroupPlan}, §2.2–2.3), route binding ({@link
 * io.portico.cp.compiler.gateway.RouteBinding}, §2.5), virtual hosts ({@link
 * io.portico.cp.compiler.gateway.HostPlanner}, §2.4), match entries and their precedence ({@link
 * io.portico.cp.compiler.gateway.RouteEntries}, {@link
 * io.portico.cp.compiler.gateway.EntryPrecedence}, §3.1–3.3), actions and policies ({@link
 * io.portico.cp.compiler.gateway.GatewayRouteCompiler}, §3.4, §4), TCP ports ({@link
 * io.portico.cp.compiler.gateway.TcpPortCompiler}, §2.9), all driven by {@link
 * io.portico.cp.compiler.gateway.GatewayPlanner}.
 *
 * <p>Pure functions of the mesh context and the dataplane; no I/O, no threads, no clock.
 */
package io.portico.cp.compiler.gateway;
