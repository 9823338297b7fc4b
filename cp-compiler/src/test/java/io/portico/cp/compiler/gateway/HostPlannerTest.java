package io.portico.cp.compiler.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.cp.compiler.TestSnapshots;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.gateway.MeshGatewayRouteSpec;
import io.portico.mesh.api.types.ResourceTypes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The virtual hosts of a port (spec/gateway.md §2.4). */
class HostPlannerTest {
  private static final String GATEWAY =
      """
      type: MeshGateway
      mesh: default
      name: gw
      selectors:
        - match:
            kuma.io/service: edge
      conf:
        listeners:
          - port: 8080
            protocol: HTTP
          - port: 8080
            protocol: HTTP
            hostname: explicit.example.com
      """;

  @Test
  void routeWithHostnamesLeavesTheWildcardHostForAnImplicitOne() {
    Map<String, List<String>> hosts = hosts(route("named", "api.example.com"));
    assertThat(hosts).containsEntry("api.example.com", List.of("named"));
    assertThat(hosts).containsEntry("*", List.of());
  }

  @Test
  void implicitHostsDoNotInheritHostnamelessRoutes() {
    Map<String, List<String>> hosts = hosts(route("named", "api.example.com"), route("plain"));
    assertThat(hosts.get("api.example.com")).containsExactly("named");
    assertThat(hosts.get("*")).containsExactly("plain");
    assertThat(hosts.get("explicit.example.com")).containsExactly("plain");
  }

  @Test
  void wildcardHostnameIsGivenToEveryHostItIntersects() {
    Map<String, List<String>> hosts =
        hosts(route("wild", "*.example.com"), route("deep", "a.b.example.com"));
    assertThat(hosts.get("*.example.com")).containsExactly("wild");
    assertThat(hosts.get("explicit.example.com")).containsExactly("wild");
    assertThat(hosts.get("a.b.example.com")).containsExactly("deep");
  }

  @Test
  void hostsAreOrderedExactThenWildcardThenAny() {
    assertThat(hosts(route("wild", "*.example.com"), route("z", "z.example.com")).keySet())
        .containsExactly("z.example.com", "explicit.example.com", "*.example.com", "*");
  }

  @Test
  void implicitHostsUseTheWildcardListener() {
    List<HostPlan> plans = plans(route("named", "api.example.com"));
    HostPlan implicit =
        plans.stream().filter(h -> h.hostname().equals("api.example.com")).findFirst().get();
    assertThat(implicit.isImplicit()).isTrue();
    assertThat(implicit.listener().hostname()).isEqualTo("*");
  }

  private static Map<String, List<String>> hosts(String... routes) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    plans(routes).forEach(h -> out.put(h.hostname(), h.routeNames()));
    return out;
  }

  private static List<HostPlan> plans(String... routes) {
    List<Resource<?>> resources =
        TestSnapshots.resources(GATEWAY + "---\n" + String.join("---\n", routes));
    var gateway =
        resources.stream()
            .filter(r -> r.type().equals(ResourceTypes.MESH_GATEWAY))
            .findFirst()
            .get()
            .as(ResourceTypes.MESH_GATEWAY);
    List<Resource<MeshGatewayRouteSpec>> bound =
        resources.stream()
            .filter(r -> r.type().equals(ResourceTypes.MESH_GATEWAY_ROUTE))
            .map(r -> r.as(ResourceTypes.MESH_GATEWAY_ROUTE))
            .toList();
    PortGroupPlan group = PortGroupPlan.of(gateway, Map.of("kuma.io/service", "edge")).get(0);
    return HostPlanner.hosts(group, bound);
  }

  private static String route(String name, String... hostnames) {
    StringBuilder yaml =
        new StringBuilder(
            "type: MeshGatewayRoute\nmesh: default\nname: "
                + name
                + "\nselectors:\n  - match:\n      kuma.io/service: edge\nconf:\n  http:\n");
    if (hostnames.length > 0) {
      yaml.append("    hostnames:\n");
      for (String hostname : hostnames) {
        yaml.append("      - '").append(hostname).append("'\n");
      }
    }
    yaml.append(
        "    rules:\n      - matches:\n          - path:\n              match: PREFIX\n"
            + "              value: /\n        backends:\n          - destination:\n"
            + "              kuma.io/service: web\n");
    return yaml.toString();
  }
}
