package io.portico.cp.compiler.gateway;

import io.portico.cp.compiler.context.MeshContext;
import io.portico.cp.compiler.endpoints.Upstreams;
import io.portico.cp.compiler.plan.HeaderMutation;
import io.portico.cp.compiler.plan.HttpListenerPlan;
import io.portico.cp.compiler.plan.HttpListenerSettings;
import io.portico.cp.compiler.plan.ListenerPlan;
import io.portico.cp.compiler.plan.MatchPlan;
import io.portico.cp.compiler.plan.RouteAction;
import io.portico.cp.compiler.plan.RoutePlan;
import io.portico.cp.compiler.plan.RoutePolicyPlan;
import io.portico.cp.compiler.plan.TrafficDirection;
import io.portico.cp.compiler.plan.VirtualHostPlan;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.dataplane.DataplaneSpec;
import io.portico.mesh.api.gateway.MeshGatewaySpec;
import io.portico.mesh.api.gateway.MeshGatewaySpec.Protocol;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The listeners of a builtin gateway dataplane (spec/gateway.md §2–§4):
 *
 * <pre>
 *  gateway tags ──§2.1──▶ MeshGateway ──§2.2/2.3──▶ port groups
 *    HTTP group ──§2.4/2.5──▶ hosts ──§3.1/3.3──▶ sorted entries ──§3.4/§4──▶ routes ─▶ listener
 *    TCP group  ──§2.9──▶ merged weighted clusters ─▶ listener
 * </pre>
 *
 * Each port group is one listener named {@code <gateway>:<PROTOCOL>:<port>}, bound on {@code
 * networking.address}, direction GATEWAY, with the group's connection limit. HTTP listeners are
 * edge listeners (§2.6). A host without any entry answers every request with a 404 and {@link
 * #NO_ROUTES_BODY} (§3.5).
 *
 * <p>Not compiled yet, so that they never serve in the clear what must be protected: HTTPS port
 * groups (downstream TLS needs the mesh secrets and proxy support) and crossMesh port groups (they
 * need the mesh mTLS identity). Such ports are not bound.
 */
public final class GatewayPlanner {
  /** The body of the 404 of a host without routes (spec/gateway.md §3.5, our text). */
  public static final String NO_ROUTES_BODY =
      "This is a Portico MeshGateway. No routes match this MeshGateway!\n";

  private GatewayPlanner() {}

  /** The listeners of a BUILTIN gateway dataplane; none when no MeshGateway selects it. */
  public static List<ListenerPlan> listeners(
      MeshContext mesh, Upstreams upstreams, Resource<DataplaneSpec> dataplane) {
    DataplaneSpec.Networking networking = dataplane.spec().networking();
    Map<String, String> gatewayTags = networking.gateway().tags();
    Optional<Resource<MeshGatewaySpec>> gateway =
        GatewaySelection.select(mesh.gateways(), gatewayTags);
    if (gateway.isEmpty()) {
      return List.of();
    }
    GatewayClusters clusters = new GatewayClusters(upstreams);
    List<ListenerPlan> listeners = new ArrayList<>();
    for (PortGroupPlan group : PortGroupPlan.of(gateway.get(), gatewayTags)) {
      if (group.crossMesh()) {
        continue;
      }
      if (group.protocol() == Protocol.TCP) {
        listeners.add(TcpPortCompiler.compile(mesh, clusters, group, networking.address()));
      } else if (group.protocol() == Protocol.HTTP) {
        listeners.add(http(mesh, clusters, group, networking.address(), gatewayTags));
      }
    }
    return listeners;
  }

  private static ListenerPlan http(
      MeshContext mesh,
      GatewayClusters clusters,
      PortGroupPlan group,
      String address,
      Map<String, String> gatewayTags) {
    Map<Integer, HostPolicies> policiesByListener = new HashMap<>();
    List<VirtualHostPlan> virtualHosts = new ArrayList<>();
    for (HostPlan host : HostPlanner.hosts(group, mesh.routes())) {
      HostPolicies policies =
          policiesByListener.computeIfAbsent(
              host.listener().index(), i -> HostPolicies.forListener(mesh, host.listener().tags()));
      GatewayRouteCompiler compiler = new GatewayRouteCompiler(clusters, policies);
      List<RoutePlan> routes = new ArrayList<>();
      for (RouteEntryPlan entry : RouteEntries.of(host.routes())) {
        compiler.compile(entry).ifPresent(routes::add);
      }
      if (routes.isEmpty()) {
        routes.add(noRoutes());
      }
      virtualHosts.add(new VirtualHostPlan(host.hostname(), List.of(host.hostname()), routes));
    }
    return new HttpListenerPlan(
        group.name(),
        address,
        group.port(),
        TrafficDirection.GATEWAY,
        group.connectionLimit(),
        virtualHosts,
        HttpListenerSettings.gateway(gatewayTags));
  }

  /** The one route of a host without entries: 404 with {@link #NO_ROUTES_BODY} (§3.5). */
  static RoutePlan noRoutes() {
    return new RoutePlan(
        "no-routes",
        MatchPlan.prefix("/"),
        new RouteAction.DirectResponse(404, NO_ROUTES_BODY),
        HeaderMutation.NONE,
        HeaderMutation.NONE,
        List.of(),
        RoutePolicyPlan.NONE);
  }
}
