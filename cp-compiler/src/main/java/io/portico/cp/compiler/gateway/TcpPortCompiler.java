package io.portico.cp.compiler.gateway;

import io.portico.cp.compiler.context.MeshContext;
import io.portico.cp.compiler.plan.ClusterPlan;
import io.portico.cp.compiler.plan.ListenerPlan;
import io.portico.cp.compiler.plan.TcpListenerPlan;
import io.portico.cp.compiler.plan.TrafficDirection;
import io.portico.cp.compiler.plan.WeightedCluster;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.gateway.MeshGatewayRouteSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A TCP port of the gateway (spec/gateway.md §2.9): one TCP listener whose upstreams are every
 * backend of every rule of every TCP route bound to any listener of the port (each route once,
 * hostnames play no role). Each backend's cluster carries the §4.3 policies of the listener the
 * route bound to. The Retry that is best across all backends (as for a route entry, §4.4, with the
 * first bound listener's candidates) gives the connect attempts. One backend gets weight 1;
 * backends with the same cluster add up their weights (as several equal entries of a weighted list
 * would); if every weight is 0 each gets 1. No bound route: no upstream, connections are accepted
 * and closed.
 */
final class TcpPortCompiler {
  private TcpPortCompiler() {}

  static ListenerPlan compile(
      MeshContext mesh, GatewayClusters clusters, PortGroupPlan group, String address) {
    Map<ClusterPlan, Integer> weights = new LinkedHashMap<>();
    Set<String> seen = new HashSet<>();
    HostPolicies retryPolicies = null;
    List<Map<String, String>> destinations = new ArrayList<>();
    for (GatewayListener listener : group.listeners()) {
      HostPolicies policies = null;
      for (Resource<MeshGatewayRouteSpec> route : RouteBinding.boundTo(mesh.routes(), listener)) {
        if (!seen.add(route.name())) {
          continue;
        }
        if (policies == null) {
          policies = HostPolicies.forListener(mesh, listener.tags());
          if (retryPolicies == null) {
            retryPolicies = policies;
          }
        }
        for (MeshGatewayRouteSpec.TcpRule rule : route.spec().conf().tcp().rules()) {
          if (rule == null) {
            continue;
          }
          for (MeshGatewayRouteSpec.Backend backend : rule.backends()) {
            if (backend != null && !backend.destination().isEmpty()) {
              destinations.add(backend.destination());
              weights.merge(
                  clusters.tcp(backend.destination(), policies),
                  Math.max(0, backend.weight()),
                  Integer::sum);
            }
          }
        }
      }
    }
    boolean allZero = weights.values().stream().allMatch(w -> w == 0);
    List<WeightedCluster> upstreams = new ArrayList<>();
    weights.forEach(
        (cluster, weight) ->
            upstreams.add(
                new WeightedCluster(cluster, weights.size() == 1 || allZero ? 1 : weight)));
    int attempts =
        retryPolicies == null
            ? 0
            : TcpListenerPlan.maxConnectAttempts(retryPolicies.tcpRetry(destinations).orElse(null));
    return new TcpListenerPlan(
            group.name(),
            address,
            group.port(),
            TrafficDirection.GATEWAY,
            group.connectionLimit(),
            upstreams,
            null)
        .withMaxConnectAttempts(attempts);
  }
}
