package io.portico.proxy.config;

import java.util.List;
import java.util.Objects;

/** What a matched route does (spec gateway.md §3.4). */
public sealed interface RouteAction {

  /**
   * Forwards to one of the weighted clusters (picked by the binding's round-robin over them).
   *
   * @param hostRewrite the Host sent upstream; empty = keep the request's
   * @param hostRewriteToBackend the Host sent upstream is the picked endpoint's {@code host:port}
   */
  record Forward(
      WeightedClusters clusters,
      PathRewrite pathRewrite,
      String hostRewrite,
      boolean hostRewriteToBackend)
      implements RouteAction {
    public Forward {
      Objects.requireNonNull(clusters, "clusters");
      Objects.requireNonNull(pathRewrite, "pathRewrite");
      Objects.requireNonNull(hostRewrite, "hostRewrite");
    }
  }

  /**
   * Answers with a redirect.
   *
   * @param scheme empty = the request's
   * @param hostname empty = the request's
   * @param port 0 = no port in {@code Location}
   */
  record Redirect(
      String scheme,
      String hostname,
      int port,
      int status,
      PathRewrite pathRewrite,
      boolean stripQuery)
      implements RouteAction {
    public Redirect {
      Objects.requireNonNull(scheme, "scheme");
      Objects.requireNonNull(hostname, "hostname");
      Objects.requireNonNull(pathRewrite, "pathRewrite");
    }
  }

  /** Answers with a fixed response. */
  record DirectResponse(int status, String body, List<Header> headers) implements RouteAction {
    public DirectResponse {
      Objects.requireNonNull(body, "body");
      headers = List.copyOf(headers);
    }
  }
}
