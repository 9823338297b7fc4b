package io.portico.cp.compiler.sidecar;

import io.portico.cp.compiler.context.MeshContext;
import io.portico.cp.compiler.endpoints.Destination;
import io.portico.cp.compiler.endpoints.ServiceProtocol;
import io.portico.cp.compiler.endpoints.Upstreams;
import io.portico.cp.compiler.plan.ClusterPlan;
import io.portico.cp.compiler.plan.ClusterPlan.ClusterPolicies;
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
import io.portico.mesh.api.policy.CircuitBreakerSpec;
import io.portico.mesh.api.policy.HealthCheckSpec;
import io.portico.mesh.api.policy.RateLimitSpec;
import io.portico.mesh.api.policy.RetrySpec;
import io.portico.mesh.api.policy.TimeoutSpec;
import io.portico.mesh.api.policy.match.OutboundPolicies;
import io.portico.mesh.api.types.ResourceTypes;
import io.portico.mesh.api.validation.TagRules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Outbound listeners, of sidecars and delegated gateways alike (spec/core.md §2.1, spec/gateway.md
 * §6.2):
 *
 * <ul>
 *   <li>One listener per {@code networking.outbound[]}, named {@code outbound:<address>:<port>}, on
 *       {@code address} (default {@code 127.0.0.1}), direction OUTBOUND.
 *   <li>Its cluster serves the outbound tags without {@code kuma.io/mesh} (all of them must be on
 *       an endpoint), with the mesh's mTLS when it is on. The deprecated {@code service} field
 *       stands for the tags when they are empty.
 *   <li>An outbound whose {@code kuma.io/mesh} names another mesh addresses that mesh's crossMesh
 *       gateways (spec/gateway.md §5.3): an HTTP listener to the gateway dataplanes' crossMesh
 *       ports, mTLS with this proxy's identity toward {@code spiffe://<other mesh>/<service>},
 *       trusting the other mesh's CAs; the client's Host is kept (it selects the gateway's virtual
 *       host). It needs mTLS in this mesh: without it the outbound is left out (a problem is
 *       recorded).
 *   <li>HTTP listener (one {@code *} virtual host, one catch-all route) when the service's protocol
 *       (spec/core.md §2.3, inferred over its inbounds or from its ExternalService) is http, http2
 *       or grpc; TCP otherwise.
 *   <li>Policies (spec/core.md §3.2, matched with the dataplane's tag sets as sources and {@code
 *       kuma.io/service} as destination): Timeout (cluster connect and idle timeouts; route timeout
 *       from {@code http.requestTimeout}; TCP idle timeout from {@code tcp.idleTimeout}), Retry
 *       (route, HTTP or gRPC section), CircuitBreaker and HealthCheck (cluster), and RateLimit
 *       (route) toward an ExternalService only: a mesh service's sidecar enforces it inbound.
 * </ul>
 */
final class OutboundPlanner {
  /** Where an outbound listens when its {@code address} is empty. */
  static final String DEFAULT_ADDRESS = "127.0.0.1";

  private OutboundPlanner() {}

  /**
   * @param sourceTagSets the dataplane's tag sets for policy source matching: each inbound's tags,
   *     or the gateway tags of a delegated gateway
   * @param sourceTags every value of every source tag, for {@code x-kuma-tags}
   */
  static List<ListenerPlan> listeners(
      MeshContext mesh,
      Upstreams upstreams,
      DataplaneSpec.Networking networking,
      List<Map<String, String>> sourceTagSets,
      Map<String, ? extends Collection<String>> sourceTags,
      Problems problems) {
    List<ListenerPlan> out = new ArrayList<>();
    for (DataplaneSpec.Outbound outbound : networking.outbound()) {
      if (outbound == null) {
        continue;
      }
      Map<String, String> tags =
          outbound.tags().isEmpty() && !outbound.service().isEmpty()
              ? Map.of(TagRules.SERVICE, outbound.service())
              : outbound.tags();
      String service = tags.get(TagRules.SERVICE);
      if (service == null || service.isEmpty()) {
        continue;
      }
      String meshTag = tags.get(TagRules.MESH);
      if (meshTag != null && !meshTag.equals(mesh.mesh())) {
        if (!mesh.mtls().isEnabled()) {
          problems.add(
              "listener " + name(outbound),
              "kuma.io/mesh names mesh \""
                  + meshTag
                  + "\": cross-mesh outbounds need mTLS in mesh \""
                  + mesh.mesh()
                  + "\"");
          continue;
        }
        out.add(
            listener(
                mesh,
                outbound,
                service,
                ServiceProtocol.HTTP,
                upstreams.resolveCrossMesh(meshTag, tags),
                sourceTagSets,
                sourceTags));
        continue;
      }
      Map<String, String> destination = new TreeMap<>(tags);
      destination.remove(TagRules.MESH);
      out.add(
          listener(
              mesh,
              outbound,
              service,
              upstreams.serviceProtocol(destination),
              upstreams.resolve(destination),
              sourceTagSets,
              sourceTags));
    }
    return out;
  }

  private static String name(DataplaneSpec.Outbound outbound) {
    String address = outbound.address().isEmpty() ? DEFAULT_ADDRESS : outbound.address();
    return "outbound:" + address + ":" + outbound.port();
  }

  private static ListenerPlan listener(
      MeshContext mesh,
      DataplaneSpec.Outbound outbound,
      String service,
      ServiceProtocol protocol,
      Destination target,
      List<Map<String, String>> sourceTagSets,
      Map<String, ? extends Collection<String>> sourceTags) {
    String address = outbound.address().isEmpty() ? DEFAULT_ADDRESS : outbound.address();
    String name = name(outbound);
    Resource<TimeoutSpec> timeout =
        OutboundPolicies.best(mesh.policies(ResourceTypes.TIMEOUT), sourceTagSets, service)
            .orElse(null);
    Resource<CircuitBreakerSpec> circuitBreaker =
        OutboundPolicies.best(mesh.policies(ResourceTypes.CIRCUIT_BREAKER), sourceTagSets, service)
            .orElse(null);
    Resource<HealthCheckSpec> healthCheck =
        OutboundPolicies.best(mesh.policies(ResourceTypes.HEALTH_CHECK), sourceTagSets, service)
            .orElse(null);
    ClusterPlan cluster =
        target.cluster(
            protocol.upstream(), new ClusterPolicies(timeout, circuitBreaker, healthCheck));
    Resource<RetrySpec> retry =
        OutboundPolicies.best(mesh.policies(ResourceTypes.RETRY), sourceTagSets, service)
            .orElse(null);
    if (!protocol.isHttpFamily()) {
      return new TcpListenerPlan(
              name,
              address,
              outbound.port(),
              TrafficDirection.OUTBOUND,
              0,
              List.of(new WeightedCluster(cluster, 1)),
              tcpIdleTimeout(timeout))
          .withMaxConnectAttempts(TcpListenerPlan.maxConnectAttempts(retry));
    }
    // Toward a mesh service the destination's sidecar enforces RateLimit on its inbound; an
    // ExternalService has none, so the caller's outbound does (spec/core.md §3.4).
    Resource<RateLimitSpec> rateLimit =
        target.kind() == ClusterPlan.UpstreamKind.EXTERNAL
            ? OutboundPolicies.best(mesh.policies(ResourceTypes.RATE_LIMIT), sourceTagSets, service)
                .filter(OutboundPlanner::hasHttpLimit)
                .orElse(null)
            : null;
    RoutePolicyPlan policy =
        new RoutePolicyPlan(
            timeout,
            RoutePolicyPlan.requestTimeout(timeout),
            retry,
            protocol == ServiceProtocol.GRPC ? RetryProtocol.GRPC : RetryProtocol.HTTP,
            rateLimit);
    RoutePlan route =
        new RoutePlan(
            name,
            MatchPlan.prefix("/"),
            RouteAction.Forward.to(cluster),
            HeaderMutation.NONE,
            HeaderMutation.NONE,
            List.of(),
            policy);
    return new HttpListenerPlan(
        name,
        address,
        outbound.port(),
        TrafficDirection.OUTBOUND,
        0,
        List.of(new VirtualHostPlan(service, List.of("*"), List.of(route))),
        HttpListenerSettings.outbound(sourceTags));
  }

  private static boolean hasHttpLimit(Resource<RateLimitSpec> rateLimit) {
    return rateLimit.spec().conf() != null && rateLimit.spec().conf().http() != null;
  }

  private static Duration tcpIdleTimeout(Resource<TimeoutSpec> timeout) {
    if (timeout == null || timeout.spec().conf() == null || timeout.spec().conf().tcp() == null) {
      return null;
    }
    Duration idle = timeout.spec().conf().tcp().idleTimeout();
    return idle == null || idle.isZero() || idle.isNegative() ? null : idle;
  }
}
