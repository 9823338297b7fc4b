package io.portico.cp.compiler.gateway;

import io.portico.cp.compiler.context.MeshContext;
import io.portico.cp.compiler.endpoints.Upstreams;
import io.portico.cp.compiler.plan.DownstreamTlsPlan;
import io.portico.cp.compiler.plan.Header;
import io.portico.cp.compiler.plan.HeaderMutation;
import io.portico.cp.compiler.plan.HttpListenerPlan;
import io.portico.cp.compiler.plan.HttpListenerSettings;
import io.portico.cp.compiler.plan.ListenerPlan;
import io.portico.cp.compiler.plan.MatchPlan;
import io.portico.cp.compiler.plan.Problems;
import io.portico.cp.compiler.plan.RouteAction;
import io.portico.cp.compiler.plan.RoutePlan;
import io.portico.cp.compiler.plan.RoutePolicyPlan;
import io.portico.cp.compiler.plan.ServerCertificatePlan;
import io.portico.cp.compiler.plan.TrafficDirection;
import io.portico.cp.compiler.plan.VirtualHostPlan;
import io.portico.cp.compiler.tls.ServerCertificates;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.dataplane.DataplaneSpec;
import io.portico.mesh.api.gateway.GatewaySelection;
import io.portico.mesh.api.gateway.MeshGatewaySpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The listeners of a builtin gateway dataplane (spec/gateway.md §2–§4):
 *
 * <pre>
 *  gateway tags ──§2.1──▶ MeshGateway ──§2.2/2.3──▶ port groups
 *    HTTP(S) group ──§2.4/2.5──▶ hosts ──§3.1/3.3──▶ sorted entries ──§3.4/§4──▶ routes ─▶ listener
 *                       └──§2.7──▶ a certificate per host (HTTPS) / mesh identity (crossMesh) ─┘
 *    TCP group  ──§2.9──▶ merged weighted clusters ─▶ listener
 * </pre>
 *
 * Each port group is one listener named {@code <gateway>:<PROTOCOL>:<port>}, bound on {@code
 * networking.address}, direction GATEWAY, with the group's connection limit. HTTP listeners are
 * edge listeners (§2.6). A host without any entry answers every request with a 404 and {@link
 * #NO_ROUTES_BODY} (§3.5).
 *
 * <p>HTTPS ports (§2.7): each host gets the certificates of its listener ({@code *} and the
 * implicit hosts copying it: the {@code *} listener's), for its name ({@code *}: the default
 * chain); ALPN h2 and http/1.1. crossMesh ports (§5.2): the proxy's mesh identity as server
 * certificate, a client certificate of any mesh's CA required (no URI check), ALPN {@code kuma}.
 * The virtual hosts of both add HSTS to every response ({@link VirtualHostPlan#HSTS}). A port that
 * cannot be secured is never served in the clear: it is left out and a problem is recorded (a
 * certificate that did not resolve or does not parse, a TLS mode other than TERMINATE, a crossMesh
 * port in a mesh without mTLS).
 */
public final class GatewayPlanner {
  /** The body of the 404 of a host without routes (spec/gateway.md §3.5, our text). */
  public static final String NO_ROUTES_BODY =
      "This is a Portico MeshGateway. No routes match this MeshGateway!\n";

  private GatewayPlanner() {}

  /** The listeners of a BUILTIN gateway dataplane; none when no MeshGateway selects it. */
  public static List<ListenerPlan> listeners(
      MeshContext mesh, Upstreams upstreams, Resource<DataplaneSpec> dataplane, Problems problems) {
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
      Port port = new Port(mesh, clusters, group, networking.address(), gatewayTags, problems);
      Optional<ListenerPlan> listener =
          switch (group.protocol()) {
            case HTTP -> group.crossMesh() ? port.crossMesh() : Optional.of(port.http(false));
            case HTTPS -> group.crossMesh() ? port.unsupported() : port.https();
            case TCP ->
                group.crossMesh()
                    ? port.unsupported()
                    : Optional.of(TcpPortCompiler.compile(mesh, clusters, group, port.address()));
            case NONE, UDP, TLS -> port.unsupported();
          };
      listener.ifPresent(listeners::add);
    }
    return listeners;
  }

  /** One port group being compiled, with what every kind of port needs. */
  private record Port(
      MeshContext mesh,
      GatewayClusters clusters,
      PortGroupPlan group,
      String address,
      Map<String, String> gatewayTags,
      Problems problems) {
    String subject() {
      return "listener " + group.name();
    }

    HttpListenerPlan http(boolean isHsts) {
      return http(HostPlanner.hosts(group, mesh.routes()), isHsts);
    }

    HttpListenerPlan http(List<HostPlan> hosts, boolean isHsts) {
      return GatewayPlanner.http(mesh, clusters, group, hosts, address, gatewayTags, isHsts);
    }

    /** §2.7: a certificate per host; left out when one cannot be used. */
    Optional<ListenerPlan> https() {
      List<HostPlan> hosts = HostPlanner.hosts(group, mesh.routes());
      List<ServerCertificatePlan> certificates = new ArrayList<>();
      try {
        for (HostPlan host : hosts) {
          certificates.addAll(certificates(mesh, host));
        }
      } catch (IllegalArgumentException e) {
        problems.add(subject(), e.getMessage());
        return Optional.empty();
      }
      return Optional.of(http(hosts, true).secured(DownstreamTlsPlan.https(certificates), null));
    }

    /** §5.2: the mesh identity, clients of any mesh; left out without mTLS. */
    Optional<ListenerPlan> crossMesh() {
      if (!mesh.mtls().isEnabled()) {
        problems.add(
            subject(),
            "crossMesh listeners need mTLS: mesh \""
                + mesh.mesh()
                + "\" has no mtls.enabledBackend");
        return Optional.empty();
      }
      return Optional.of(http(true).secured(DownstreamTlsPlan.crossMesh(crossMeshCas(mesh)), null));
    }

    /** What validation rejects (UDP, TLS, crossMesh other than HTTP): left out. */
    Optional<ListenerPlan> unsupported() {
      problems.add(
          subject(),
          "protocol "
              + group.protocol()
              + (group.crossMesh() ? " with crossMesh" : "")
              + " is not served");
      return Optional.empty();
    }
  }

  /** The certificates of an HTTPS host: its listener's (§2.7), for its name. */
  private static List<ServerCertificatePlan> certificates(MeshContext mesh, HostPlan host) {
    MeshGatewaySpec.Tls tls = host.listener().listener().tls();
    String at = "host " + host.hostname() + ": ";
    if (tls == null) {
      throw new IllegalArgumentException(at + "HTTPS listener without tls");
    }
    if (tls.mode() != MeshGatewaySpec.TlsMode.TERMINATE) {
      throw new IllegalArgumentException(
          at + "tls.mode " + tls.mode() + " is not supported, only TERMINATE");
    }
    try {
      return ServerCertificates.forHost(host.hostname(), tls.certificates(), mesh.dataSources());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(at + e.getMessage(), e);
    }
  }

  /**
   * The CAs a crossMesh port accepts client certificates from (§5.2): this mesh's and those of
   * every other mTLS mesh (sorted by mesh name), each once, this mesh's first.
   */
  private static List<String> crossMeshCas(MeshContext mesh) {
    Set<String> cas = new LinkedHashSet<>(mesh.mtls().trustedCaPems());
    mesh.meshCaPems().values().forEach(cas::addAll);
    mesh.crossMeshGateways().forEach(p -> cas.addAll(p.trustedCaPems()));
    return List.copyOf(cas);
  }

  private static HttpListenerPlan http(
      MeshContext mesh,
      GatewayClusters clusters,
      PortGroupPlan group,
      List<HostPlan> hosts,
      String address,
      Map<String, String> gatewayTags,
      boolean isHsts) {
    List<Header> responseHeaders = isHsts ? List.of(VirtualHostPlan.HSTS) : List.of();
    Map<Integer, HostPolicies> policiesByListener = new HashMap<>();
    List<VirtualHostPlan> virtualHosts = new ArrayList<>();
    for (HostPlan host : hosts) {
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
      virtualHosts.add(
          new VirtualHostPlan(host.hostname(), List.of(host.hostname()), routes, responseHeaders));
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
