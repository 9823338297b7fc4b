package io.portico.cp.compiler.gateway;

import io.portico.mesh.api.Resource;
import io.portico.mesh.api.Selector;
import io.portico.mesh.api.gateway.MeshGatewayRouteSpec;
import io.portico.mesh.api.gateway.MeshGatewaySpec.Protocol;
import java.util.List;

/**
 * Which MeshGatewayRoutes bind to a gateway listener (spec/gateway.md §2.5): a route binds when any
 * of its selectors matches the listener merged tags, and its kind fits the listener's protocol
 * (HTTP routes on HTTP and HTTPS listeners, TCP routes on TCP listeners). Selectors are not ranked:
 * every matching route binds.
 */
public final class RouteBinding {
  private RouteBinding() {}

  /** Whether {@code route} binds to {@code listener}. */
  public static boolean binds(Resource<MeshGatewayRouteSpec> route, GatewayListener listener) {
    MeshGatewayRouteSpec.Conf conf = route.spec().conf();
    if (conf == null) {
      return false;
    }
    Protocol protocol = listener.listener().protocol();
    boolean fits =
        switch (protocol) {
          case HTTP, HTTPS -> conf.http() != null;
          case TCP -> conf.tcp() != null;
          case NONE, UDP, TLS -> false;
        };
    if (!fits) {
      return false;
    }
    for (Selector selector : route.spec().selectors()) {
      if (selector != null && selector.matches(listener.tags())) {
        return true;
      }
    }
    return false;
  }

  /** The routes of {@code routes} that bind to {@code listener}, in the given order. */
  public static List<Resource<MeshGatewayRouteSpec>> boundTo(
      List<Resource<MeshGatewayRouteSpec>> routes, GatewayListener listener) {
    return routes.stream().filter(r -> binds(r, listener)).toList();
  }
}
