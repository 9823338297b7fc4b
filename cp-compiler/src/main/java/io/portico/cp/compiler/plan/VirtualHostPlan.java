package io.portico.cp.compiler.plan;

import java.util.List;
import java.util.Objects;

/**
 * A virtual host of an HTTP listener.
 *
 * @param name unique within the listener
 * @param domains exact names, {@code *.suffix} or {@code *}
 * @param routes in evaluation order: the first match handles the request
 */
public record VirtualHostPlan(String name, List<String> domains, List<RoutePlan> routes) {
  public VirtualHostPlan {
    Objects.requireNonNull(name, "name");
    domains = List.copyOf(domains);
    routes = List.copyOf(routes);
  }
}
