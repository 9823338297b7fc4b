package io.portico.cp.compiler.gateway;

import io.portico.mesh.api.Resource;
import io.portico.mesh.api.gateway.MeshGatewayRouteSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The virtual hosts of an HTTP port group (spec/gateway.md §2.4).
 *
 * <ol>
 *   <li>Each listener gives host {@code hostname} (or {@code *}) with the HTTP routes bound to it
 *       (§2.5).
 *   <li>If there is a {@code *} host, its routes with {@code hostnames} leave it: each goes to host
 *       {@code n} for each of its hostnames, which is created as an implicit copy of {@code *}
 *       (same listener tags, hence same policies) if absent. A {@code *.suffix} hostname is also
 *       given to every host whose name ends with {@code .suffix}. Portico gives wildcard hostnames
 *       to hosts after all implicit hosts exist, so the result does not depend on route order (Kuma
 *       iterates a map there).
 *   <li>Each host then keeps the routes that apply to it: all of them on {@code *}; elsewhere the
 *       routes without hostnames and those with a hostname matching the host under {@link
 *       HostnameMatch}. Implicit hosts never get the hostname-less routes of {@code *} (decision
 *       Q5).
 *   <li>Hosts are ordered by name, descending bytes: exact names, then {@code *.x}, then {@code *}.
 * </ol>
 */
public final class HostPlanner {
  static final String WILDCARD = "*";

  /** Descending byte order of host names (spec/gateway.md §2.4 step 4). */
  static final Comparator<String> HOSTNAME_DESCENDING =
      (a, b) ->
          Arrays.compareUnsigned(
              b.getBytes(StandardCharsets.UTF_8), a.getBytes(StandardCharsets.UTF_8));

  private HostPlanner() {}

  /**
   * The hosts of an HTTP port group.
   *
   * @param group the port group
   * @param routes every MeshGatewayRoute of the mesh
   */
  public static List<HostPlan> hosts(
      PortGroupPlan group, List<Resource<MeshGatewayRouteSpec>> routes) {
    Map<String, Draft> hosts = new LinkedHashMap<>();
    for (GatewayListener listener : group.listeners()) {
      Draft draft = hosts.computeIfAbsent(listener.hostname(), h -> new Draft(h, listener, false));
      RouteBinding.boundTo(routes, listener).forEach(draft::add);
    }
    Draft wildcard = hosts.get(WILDCARD);
    if (wildcard != null) {
      List<Resource<MeshGatewayRouteSpec>> moved = new ArrayList<>();
      for (Resource<MeshGatewayRouteSpec> route : List.copyOf(wildcard.routes.values())) {
        if (!hostnames(route).isEmpty()) {
          wildcard.routes.remove(route.name());
          moved.add(route);
        }
      }
      for (Resource<MeshGatewayRouteSpec> route : moved) {
        for (String hostname : hostnames(route)) {
          hosts.computeIfAbsent(hostname, h -> new Draft(h, wildcard.listener, true)).add(route);
        }
      }
      for (Resource<MeshGatewayRouteSpec> route : moved) {
        for (String hostname : hostnames(route)) {
          if (hostname.startsWith("*.")) {
            String suffix = hostname.substring(1);
            hosts.values().stream()
                .filter(h -> h.hostname.endsWith(suffix))
                .forEach(h -> h.add(route));
          }
        }
      }
    }
    List<HostPlan> out = new ArrayList<>();
    for (Draft draft : hosts.values()) {
      List<Resource<MeshGatewayRouteSpec>> kept =
          draft.routes.values().stream().filter(r -> appliesTo(draft.hostname, r)).toList();
      out.add(new HostPlan(draft.hostname, draft.listener, draft.isImplicit, kept));
    }
    out.sort(Comparator.comparing(HostPlan::hostname, HOSTNAME_DESCENDING));
    return out;
  }

  /** Step 3: whether a route contributes entries to a host. */
  static boolean appliesTo(String hostname, Resource<MeshGatewayRouteSpec> route) {
    if (hostname.equals(WILDCARD)) {
      return true;
    }
    List<String> names = hostnames(route);
    return names.isEmpty() || names.stream().anyMatch(n -> HostnameMatch.matches(hostname, n));
  }

  static List<String> hostnames(Resource<MeshGatewayRouteSpec> route) {
    MeshGatewayRouteSpec.Conf conf = route.spec().conf();
    if (conf == null || conf.http() == null) {
      return List.of();
    }
    return conf.http().hostnames().stream().filter(h -> h != null && !h.isEmpty()).toList();
  }

  /** A host being built: its routes by name, so that each route is there once. */
  private static final class Draft {
    final String hostname;
    final GatewayListener listener;
    final boolean isImplicit;
    final Map<String, Resource<MeshGatewayRouteSpec>> routes = new TreeMap<>();

    Draft(String hostname, GatewayListener listener, boolean isImplicit) {
      this.hostname = hostname;
      this.listener = listener;
      this.isImplicit = isImplicit;
    }

    void add(Resource<MeshGatewayRouteSpec> route) {
      routes.putIfAbsent(route.name(), route);
    }
  }
}
