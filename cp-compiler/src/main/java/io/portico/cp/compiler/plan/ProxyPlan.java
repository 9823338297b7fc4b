package io.portico.cp.compiler.plan;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything one proxy will be configured with.
 *
 * @param mesh the dataplane's mesh
 * @param dataplane the dataplane's name
 * @param admin where the admin server listens
 * @param listeners the listeners, in emission order
 * @param problems what was left out of the config and why (not part of the config)
 * @param accessLogs the access log of each listener that has one, by listener name
 * @param faults the faults of each listener that has some, by listener name
 * @param tracing the tracing of each HTTP listener that has one, by listener name
 * @param metrics where the proxy serves Prometheus metrics; {@code null} = nowhere
 */
public record ProxyPlan(
    String mesh,
    String dataplane,
    AdminPlan admin,
    List<ListenerPlan> listeners,
    List<Problem> problems,
    Map<String, AccessLogPlan> accessLogs,
    Map<String, List<FaultPlan>> faults,
    Map<String, TracingPlan> tracing,
    MetricsPlan metrics) {
  public ProxyPlan {
    Objects.requireNonNull(mesh, "mesh");
    Objects.requireNonNull(dataplane, "dataplane");
    Objects.requireNonNull(admin, "admin");
    listeners = List.copyOf(listeners);
    problems = List.copyOf(problems);
    accessLogs = Map.copyOf(accessLogs);
    faults = Map.copyOf(faults);
    tracing = Map.copyOf(tracing);
  }

  /** A plan without tracing. */
  public ProxyPlan(
      String mesh,
      String dataplane,
      AdminPlan admin,
      List<ListenerPlan> listeners,
      List<Problem> problems,
      Map<String, AccessLogPlan> accessLogs,
      Map<String, List<FaultPlan>> faults) {
    this(mesh, dataplane, admin, listeners, problems, accessLogs, faults, Map.of(), null);
  }

  /** A plan without access logs, faults and tracing. */
  public ProxyPlan(
      String mesh,
      String dataplane,
      AdminPlan admin,
      List<ListenerPlan> listeners,
      List<Problem> problems) {
    this(mesh, dataplane, admin, listeners, problems, Map.of(), Map.of(), Map.of(), null);
  }

  /** Every cluster referenced by a listener, a route or a mirror, each once, in first-use order. */
  public List<ClusterPlan> clusters() {
    Set<ClusterPlan> out = new LinkedHashSet<>();
    for (ListenerPlan listener : listeners) {
      if (listener instanceof HttpListenerPlan http) {
        for (VirtualHostPlan host : http.virtualHosts()) {
          for (RoutePlan route : host.routes()) {
            if (route.action() instanceof RouteAction.Forward forward) {
              forward.clusters().forEach(c -> out.add(c.cluster()));
            }
            route.mirrors().forEach(m -> out.add(m.cluster()));
          }
        }
      } else if (listener instanceof TcpListenerPlan tcp) {
        tcp.clusters().forEach(c -> out.add(c.cluster()));
      }
    }
    return new ArrayList<>(out);
  }
}
