package io.portico.cp.compiler.gateway;

import io.portico.mesh.api.Resource;
import io.portico.mesh.api.gateway.MeshGatewayRouteSpec;
import java.util.List;
import java.util.Objects;

/**
 * A virtual host of an HTTP port group (spec/gateway.md §2.4): one domain, the listener whose tags
 * match policies, and the routes that contribute entries to it.
 *
 * @param hostname the host's one domain: a DNS name, {@code *.suffix} or {@code *}
 * @param listener the listener it comes from; for an implicit host, the {@code *} listener
 * @param isImplicit whether it was created from a route hostname on the {@code *} listener
 * @param routes the HTTP routes contributing entries, sorted by name
 */
public record HostPlan(
    String hostname,
    GatewayListener listener,
    boolean isImplicit,
    List<Resource<MeshGatewayRouteSpec>> routes) {
  public HostPlan {
    Objects.requireNonNull(hostname, "hostname");
    Objects.requireNonNull(listener, "listener");
    routes = List.copyOf(routes);
  }

  /** The route names, for tests and explanations. */
  public List<String> routeNames() {
    return routes.stream().map(Resource::name).toList();
  }
}
