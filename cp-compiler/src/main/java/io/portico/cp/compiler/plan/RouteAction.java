package io.portico.cp.compiler.plan;

import java.util.List;
import java.util.Objects;

/** What a route does with a request it matched: forward, redirect or answer directly. */
public sealed interface RouteAction
    permits RouteAction.Forward, RouteAction.Redirect, RouteAction.DirectResponse {

  /**
   * Forward to one of several weighted clusters (spec/gateway.md §3.4).
   *
   * @param clusters weighted upstreams, at least one
   * @param pathRewrite the path change before forwarding; null = none
   * @param hostRewrite the Host sent upstream; empty = the request's
   * @param hostRewriteToBackend whether Host becomes the chosen endpoint's address
   */
  record Forward(
      List<WeightedCluster> clusters,
      PathRewrite pathRewrite,
      String hostRewrite,
      boolean hostRewriteToBackend)
      implements RouteAction {
    public Forward {
      clusters = List.copyOf(clusters);
      if (clusters.isEmpty()) {
        throw new IllegalArgumentException("a forward needs at least one cluster");
      }
      hostRewrite = hostRewrite == null ? "" : hostRewrite;
    }

    /** Forward everything to one cluster, unchanged. */
    public static Forward to(ClusterPlan cluster) {
      return new Forward(List.of(new WeightedCluster(cluster, 1)), null, "", false);
    }
  }

  /**
   * Answer with a redirect (spec/gateway.md §3.4).
   *
   * @param scheme the new scheme; empty = the request's
   * @param hostname the new host; empty = the request's
   * @param port the port in Location; 0 = none
   * @param statusCode 301, 302, 303, 307 or 308
   * @param pathRewrite the path change; null = the request's path
   * @param stripQuery whether Location drops the query string
   */
  record Redirect(
      String scheme,
      String hostname,
      int port,
      int statusCode,
      PathRewrite pathRewrite,
      boolean stripQuery)
      implements RouteAction {
    public Redirect {
      scheme = scheme == null ? "" : scheme;
      hostname = hostname == null ? "" : hostname;
    }
  }

  /**
   * Answer locally.
   *
   * @param status the status code
   * @param body the body
   */
  record DirectResponse(int status, String body) implements RouteAction {
    public DirectResponse {
      Objects.requireNonNull(body, "body");
    }
  }
}
