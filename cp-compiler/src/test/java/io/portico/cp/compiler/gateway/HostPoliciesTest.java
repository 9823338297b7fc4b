package io.portico.cp.compiler.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.cp.compiler.TestSnapshots;
import io.portico.cp.compiler.plan.RoutePolicyPlan;
import io.portico.cp.compiler.plan.RoutePolicyPlan.RetryProtocol;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.policy.TimeoutSpec;
import io.portico.mesh.api.policy.match.GatewayPolicies;
import io.portico.mesh.api.policy.match.RankedPolicy;
import io.portico.mesh.api.types.ResourceTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A host's candidates indexed by the destination service they can match (spec/gateway.md §4.3,
 * §4.4): the index only narrows the candidates; the winners are those of a scan of all of them.
 */
class HostPoliciesTest {
  private static final List<RankedPolicy<TimeoutSpec>> CANDIDATES =
      candidates(
          timeout("t-any", "{kuma.io/service: '*'}")
              + timeout("t-web", "{kuma.io/service: web}")
              + timeout("t-web-or-api", "{kuma.io/service: web}, {kuma.io/service: api}")
              + timeout("t-api", "{kuma.io/service: api}")
              + timeout("t-web-then-any", "{kuma.io/service: web}, {kuma.io/service: '*'}"));

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      value = {
        "web | t-any t-web t-web-or-api t-web-then-any",
        "api | t-any t-web-or-api t-api t-web-then-any",
        "other | t-any t-web-then-any",
        "* | t-any t-web-then-any",
      },
      delimiter = '|')
  void candidatesOfAServiceAreThoseNamingItOrAnyService(String service, String expected) {
    HostPolicies.ServiceCandidates<TimeoutSpec> index =
        new HostPolicies.ServiceCandidates<>(CANDIDATES);
    assertThat(names(index.forService(service))).isEqualTo(expected);
  }

  @Test
  void aDestinationWithoutServiceHasOnlyTheCandidatesOfAnyService() {
    HostPolicies.ServiceCandidates<TimeoutSpec> index =
        new HostPolicies.ServiceCandidates<>(CANDIDATES);
    assertThat(names(index.forService(null))).isEqualTo("t-any t-web-then-any");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      value = {
        "kuma.io/service=web",
        "kuma.io/service=web,version=v1",
        "kuma.io/service=api",
        "kuma.io/service=api,version=v2",
        "kuma.io/service=other,version=v1",
        "kuma.io/service=*",
        "version=v1",
      },
      delimiter = '|')
  void theWinnerOfADestinationIsTheWinnerAmongAllCandidates(String destination) {
    Map<String, String> tags = tags(destination);
    HostPolicies policies =
        new HostPolicies(CANDIDATES, List.of(), List.of(), List.of(), List.of());
    Resource<TimeoutSpec> expected =
        GatewayPolicies.bestForDestination(CANDIDATES, tags).orElse(null);
    assertThat(policies.forDestination(tags).timeout()).isEqualTo(expected);
    assertThat(policies.forDestination(tags).timeout()).as("remembered").isEqualTo(expected);
  }

  @Test
  void theRouteTimeoutIsChosenAmongTheBackendsWinners() {
    List<Map<String, String>> backends =
        List.of(
            tags("kuma.io/service=web,version=v1"),
            tags("kuma.io/service=api,version=v2"),
            tags("kuma.io/service=other"));
    HostPolicies policies =
        new HostPolicies(CANDIDATES, List.of(), List.of(), List.of(), List.of());
    RoutePolicyPlan plan = policies.forRoute(backends, RetryProtocol.HTTP);
    assertThat(plan.timeoutPolicy())
        .isEqualTo(GatewayPolicies.bestForRoute(CANDIDATES, backends).orElse(null));
    assertThat(plan.timeoutPolicy()).isNotNull();
  }

  private static String timeout(String name, String destinations) {
    return """
        type: Timeout
        mesh: default
        name: %s
        sources: [{match: {kuma.io/service: '*'}}]
        destinations: [%s]
        conf:
          connectTimeout: 1s
        ---
        """
        .formatted(
            name,
            String.join(
                ", ",
                List.of(destinations.split("}, ")).stream()
                    .map(s -> "{match: " + (s.endsWith("}") ? s : s + "}") + "}")
                    .toList()));
  }

  private static List<RankedPolicy<TimeoutSpec>> candidates(String yaml) {
    List<Resource<TimeoutSpec>> timeouts = new ArrayList<>();
    for (Resource<?> resource : TestSnapshots.resources(yaml)) {
      timeouts.add(resource.as(ResourceTypes.TIMEOUT));
    }
    return GatewayPolicies.sourceCandidates(timeouts, Map.of("kuma.io/service", "edge"));
  }

  private static String names(List<RankedPolicy<TimeoutSpec>> candidates) {
    return String.join(" ", candidates.stream().map(c -> c.policy().name()).toList());
  }

  private static Map<String, String> tags(String spec) {
    Map<String, String> out = new java.util.TreeMap<>();
    for (String pair : spec.split(",")) {
      String[] kv = pair.split("=", 2);
      out.put(kv[0], kv[1]);
    }
    return out;
  }
}
