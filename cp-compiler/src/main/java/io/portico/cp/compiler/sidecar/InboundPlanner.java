package io.portico.cp.compiler.sidecar;

import io.portico.cp.compiler.authorization.InboundAuthorization;
import io.portico.cp.compiler.context.MeshContext;
import io.portico.cp.compiler.endpoints.ServiceProtocol;
import io.portico.cp.compiler.plan.AuthorizationPlan;
import io.portico.cp.compiler.plan.ClusterPlan;
import io.portico.cp.compiler.plan.ClusterPlan.ClusterPolicies;
import io.portico.cp.compiler.plan.ClusterPlan.UpstreamKind;
import io.portico.cp.compiler.plan.DownstreamTlsPlan;
import io.portico.cp.compiler.plan.EndpointPlan;
import io.portico.cp.compiler.plan.HeaderMutation;
import io.portico.cp.compiler.plan.HttpListenerPlan;
import io.portico.cp.compiler.plan.HttpListenerSettings;
import io.portico.cp.compiler.plan.ListenerPlan;
import io.portico.cp.compiler.plan.MatchPlan;
import io.portico.cp.compiler.plan.Problems;
import io.portico.cp.compiler.plan.RouteAction;
import io.portico.cp.compiler.plan.RoutePlan;
import io.portico.cp.compiler.plan.RoutePolicyPlan;
import io.portico.cp.compiler.plan.RoutePolicyPlan.RetryProtocol;
import io.portico.cp.compiler.plan.TcpListenerPlan;
import io.portico.cp.compiler.plan.TrafficDirection;
import io.portico.cp.compiler.plan.VirtualHostPlan;
import io.portico.cp.compiler.plan.WeightedCluster;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.dataplane.DataplaneSpec;
import io.portico.mesh.api.policy.RateLimitSpec;
import io.portico.mesh.api.policy.match.InboundPolicies;
import io.portico.mesh.api.types.ResourceTypes;
import io.portico.mesh.api.validation.TagRules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A sidecar's inbound listeners (spec/core.md §2.1):
 *
 * <ul>
 *   <li>One listener per inbound, named {@code inbound:<address>:<port>}, on the inbound's {@code
 *       address} (default {@code networking.address}) and {@code port}, direction INBOUND.
 *   <li>It forwards to a local cluster {@code local:<serviceAddress>:<servicePort>}: {@code
 *       serviceAddress} defaults to the listener address (as Kuma), or to {@code 127.0.0.1} when
 *       that would be the listener itself and there is no transparent proxy; {@code servicePort}
 *       defaults to {@code port}.
 *   <li>HTTP listener (one {@code *} virtual host with one catch-all route) when the inbound's
 *       {@code kuma.io/protocol} is http, http2 or grpc; TCP otherwise. The local cluster speaks
 *       HTTP/1.1, HTTP/2 or TCP accordingly.
 *   <li>The inbound route has no request timeout (Kuma disables it on inbounds, spec/core.md §1.6).
 *   <li>RateLimit (spec/core.md §3.4, spec/gateway.md §4.1): every RateLimit with {@code conf.http}
 *       whose {@code destinations} match the inbound's tags, in {@link InboundPolicies#allMatching}
 *       order, gets a route before the catch-all one, matching requests whose {@code x-kuma-tags}
 *       show a caller its {@code sources} select ({@link SourceTagsMatch}) and carrying its limit:
 *       a request takes the first such route, so only the most specific limit applies to it, per
 *       destination instance (Kuma's inbound routes).
 *   <li>With mesh mTLS (spec/core.md §1.2): the listener serves the proxy's identity, requires a
 *       client certificate of the mesh (URI prefix {@code spiffe://<mesh>/}), offers ALPN {@code
 *       kuma}, also accepts plaintext in PERMISSIVE mode, and authorizes clients by
 *       TrafficPermission or MeshTrafficPermission ({@link InboundAuthorization}). Permissions that
 *       cannot be compiled deny every client (a problem is recorded).
 * </ul>
 */
final class InboundPlanner {
  private static final String LOOPBACK = "127.0.0.1";

  private InboundPlanner() {}

  static List<ListenerPlan> listeners(
      MeshContext mesh, DataplaneSpec.Networking networking, Problems problems) {
    List<ListenerPlan> out = new ArrayList<>();
    for (DataplaneSpec.Inbound inbound : networking.inbound()) {
      if (inbound != null) {
        ListenerPlan listener = listener(mesh, networking, inbound);
        out.add(mesh.mtls().isEnabled() ? secured(mesh, listener, inbound, problems) : listener);
      }
    }
    return out;
  }

  private static ListenerPlan secured(
      MeshContext mesh, ListenerPlan listener, DataplaneSpec.Inbound inbound, Problems problems) {
    AuthorizationPlan authorization;
    try {
      authorization = InboundAuthorization.forInbound(mesh, inbound.tags());
    } catch (IllegalArgumentException e) {
      problems.add("listener " + listener.name(), e.getMessage() + "; every client is denied");
      authorization = AuthorizationPlan.DENY_ALL;
    }
    DownstreamTlsPlan tls =
        DownstreamTlsPlan.meshInbound(mesh.mtls().uriPrefix(), mesh.mtls().isPermissive());
    return listener.secured(tls, authorization);
  }

  /**
   * Where an inbound forwards: its {@code serviceAddress}, else the listener's address (as Kuma).
   * When that is the listener itself (same address, same port) and no transparent proxy keeps the
   * proxy's own connections out of its listener, it is {@code 127.0.0.1} instead: a Kubernetes
   * pod's inbound is {@code <pod IP>:<container port>} and its app listens on loopback
   * (spec/kubernetes.md §6.5 point 5); anything else would forward the proxy to itself.
   */
  private static String serviceAddress(
      DataplaneSpec.Networking networking,
      DataplaneSpec.Inbound inbound,
      String address,
      int servicePort) {
    if (!inbound.serviceAddress().isEmpty()) {
      return inbound.serviceAddress();
    }
    if (servicePort == inbound.port() && networking.transparentProxying() == null) {
      return LOOPBACK;
    }
    return address;
  }

  private static ListenerPlan listener(
      MeshContext mesh, DataplaneSpec.Networking networking, DataplaneSpec.Inbound inbound) {
    String address = inbound.address().isEmpty() ? networking.address() : inbound.address();
    int servicePort = inbound.servicePort() > 0 ? inbound.servicePort() : inbound.port();
    String serviceAddress = serviceAddress(networking, inbound, address, servicePort);
    String service = inbound.tags().getOrDefault(TagRules.SERVICE, "");
    ServiceProtocol protocol = ServiceProtocol.parse(inbound.tags().get(TagRules.PROTOCOL));
    ClusterPlan local =
        new ClusterPlan(
            "local:" + serviceAddress + ":" + servicePort,
            service,
            Map.of(TagRules.SERVICE, service),
            UpstreamKind.LOCAL,
            protocol.upstream(),
            List.of(new EndpointPlan(serviceAddress, servicePort, 1)),
            ClusterPolicies.NONE,
            null);
    String name = "inbound:" + address + ":" + inbound.port();
    if (!protocol.isHttpFamily()) {
      return new TcpListenerPlan(
          name,
          address,
          inbound.port(),
          TrafficDirection.INBOUND,
          0,
          List.of(new WeightedCluster(local, 1)),
          null);
    }
    List<RoutePlan> routes = new ArrayList<>();
    for (Resource<RateLimitSpec> limit :
        InboundPolicies.allMatching(mesh.policies(ResourceTypes.RATE_LIMIT), inbound.tags())) {
      if (limit.spec().conf() == null
          || limit.spec().conf().http() == null
          || limit.spec().sources().isEmpty()) {
        continue;
      }
      MatchPlan fromSources =
          new MatchPlan(
              new MatchPlan.PathMatch(MatchPlan.PathKind.PREFIX, "/"),
              "",
              List.of(
                  new MatchPlan.HeaderCondition(
                      HttpListenerSettings.KUMA_TAGS_HEADER,
                      MatchPlan.HeaderKind.REGEX,
                      SourceTagsMatch.regex(limit.spec().sources()))),
              List.of());
      routes.add(
          new RoutePlan(
              name + "/rate-limit/" + limit.name(),
              fromSources,
              RouteAction.Forward.to(local),
              HeaderMutation.NONE,
              HeaderMutation.NONE,
              List.of(),
              new RoutePolicyPlan(null, Duration.ZERO, null, RetryProtocol.HTTP, limit)));
    }
    routes.add(
        new RoutePlan(
            name,
            MatchPlan.prefix("/"),
            RouteAction.Forward.to(local),
            HeaderMutation.NONE,
            HeaderMutation.NONE,
            List.of(),
            new RoutePolicyPlan(null, Duration.ZERO, null, RetryProtocol.HTTP, null)));
    return new HttpListenerPlan(
        name,
        address,
        inbound.port(),
        TrafficDirection.INBOUND,
        0,
        List.of(new VirtualHostPlan(service, List.of("*"), routes)),
        HttpListenerSettings.inbound());
  }
}
