package io.portico.cp.compiler.plan;

import java.util.List;
import java.util.Objects;

/**
 * A virtual host of an HTTP listener.
 *
 * @param name unique within the listener
 * @param domains exact names, {@code *.suffix} or {@code *}
 * @param routes in evaluation order: the first match handles the request
 * @param responseHeaders headers added to every response produced through this host (HSTS)
 */
public record VirtualHostPlan(
    String name, List<String> domains, List<RoutePlan> routes, List<Header> responseHeaders) {
  /** The HSTS header of HTTPS and crossMesh virtual hosts (spec/gateway.md §2.7). */
  public static final Header HSTS =
      new Header("Strict-Transport-Security", "max-age=31536000; includeSubDomains");

  public VirtualHostPlan {
    Objects.requireNonNull(name, "name");
    domains = List.copyOf(domains);
    routes = List.copyOf(routes);
    responseHeaders = List.copyOf(responseHeaders);
  }

  /** A host without response headers. */
  public VirtualHostPlan(String name, List<String> domains, List<RoutePlan> routes) {
    this(name, domains, routes, List.of());
  }
}
