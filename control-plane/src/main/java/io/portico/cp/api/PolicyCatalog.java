package io.portico.cp.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.portico.mesh.api.ResourceType;
import io.portico.mesh.api.types.ResourceTypes;
import java.util.Comparator;
import java.util.Set;

/**
 * The body of {@code GET /policies} (spec/core.md §5.1): {@code {policies: [{name, readOnly, path,
 * singularDisplayName, pluralDisplayName, isExperimental}]}} sorted by name. The policy kinds are
 * those Kuma 2.0 flags as policies; MeshGateway and MeshGatewayRoute are experimental there.
 */
final class PolicyCatalog {
  static final Set<String> POLICIES =
      Set.of(
          "CircuitBreaker",
          "FaultInjection",
          "HealthCheck",
          "MeshAccessLog",
          "MeshGateway",
          "MeshGatewayRoute",
          "MeshTrace",
          "MeshTrafficPermission",
          "ProxyTemplate",
          "RateLimit",
          "Retry",
          "Timeout",
          "TrafficLog",
          "TrafficPermission",
          "TrafficRoute",
          "TrafficTrace",
          "VirtualOutbound");
  static final Set<String> EXPERIMENTAL = Set.of("MeshGateway", "MeshGatewayRoute");

  private PolicyCatalog() {}

  static ObjectNode toTree(ResourceTypes types, boolean isApiReadOnly) {
    ArrayNode items = JsonNodeFactory.instance.arrayNode();
    types.all().stream()
        .filter(t -> POLICIES.contains(t.name()))
        .sorted(Comparator.comparing(ResourceType::name))
        .forEach(
            t -> {
              ObjectNode item = items.addObject();
              item.put("name", t.name());
              item.put("readOnly", isApiReadOnly);
              item.put("path", t.plural());
              String singular = displayName(t.name());
              item.put("singularDisplayName", singular);
              item.put("pluralDisplayName", pluralize(singular, t.cliSingular(), t.cliPlural()));
              item.put("isExperimental", EXPERIMENTAL.contains(t.name()));
            });
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.set("policies", items);
    return out;
  }

  /** {@code TrafficPermission} → {@code Traffic Permission}. */
  static String displayName(String typeName) {
    return typeName.replaceAll("(?<=[a-z])(?=[A-Z])", " ");
  }

  /**
   * Applies the suffix change from the CLI singular to the CLI plural ({@code y} → {@code ies}).
   */
  static String pluralize(String singular, String cliSingular, String cliPlural) {
    int common = 0;
    while (common < cliSingular.length()
        && common < cliPlural.length()
        && cliSingular.charAt(common) == cliPlural.charAt(common)) {
      common++;
    }
    int drop = cliSingular.length() - common;
    if (drop > singular.length()) {
      return singular + "s";
    }
    return singular.substring(0, singular.length() - drop) + cliPlural.substring(common);
  }
}
