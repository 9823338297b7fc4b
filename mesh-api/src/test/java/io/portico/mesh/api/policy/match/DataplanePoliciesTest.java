package io.portico.mesh.api.policy.match;

import static io.portico.mesh.api.policy.match.TestPolicies.selectors;
import static io.portico.mesh.api.policy.match.TestPolicies.tags;
import static io.portico.mesh.api.policy.match.TestPolicies.trace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.portico.mesh.api.Resource;
import io.portico.mesh.api.policy.TrafficTraceSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Dataplane policy matching (spec/core.md §3.2). */
class DataplanePoliciesTest {
  private static final List<Map<String, String>> DATAPLANE =
      List.of(tags("kuma.io/service=backend,version=v1"), tags("kuma.io/service=admin"));

  static Stream<Arguments> cases() {
    return Stream.of(
        arguments(
            "noSelectorsMatchesEveryDataplane",
            List.of(trace("none", 1, List.of())),
            DATAPLANE,
            "none"),
        arguments(
            "emptySelectorMatchesEveryDataplane",
            List.of(trace("empty", 1, selectors("kuma.io/service=db", ""))),
            DATAPLANE,
            "empty"),
        arguments(
            "emptySelectorMatchesAGatewayWithoutTags",
            List.of(trace("empty", 1, selectors(""))),
            List.of(),
            "empty"),
        arguments(
            "matchingSelectorBeatsMatchAll",
            List.of(
                trace("all", 2, List.of()), trace("backend", 1, selectors("kuma.io/service=*"))),
            DATAPLANE,
            "backend"),
        arguments(
            "anyInboundCanMatch",
            List.of(
                trace("admin", 1, selectors("kuma.io/service=admin")),
                trace("db", 2, selectors("kuma.io/service=db"))),
            DATAPLANE,
            "admin"),
        arguments(
            "bestSelectorCounts",
            List.of(
                trace(
                    "two", 1, selectors("kuma.io/service=*", "kuma.io/service=backend,version=v1")),
                trace("one", 2, selectors("kuma.io/service=admin"))),
            DATAPLANE,
            "two"),
        arguments(
            "equalRankNewerWins",
            List.of(
                trace("older", 1, selectors("kuma.io/service=backend")),
                trace("newer", 2, selectors("kuma.io/service=admin"))),
            DATAPLANE,
            "newer"),
        arguments(
            "perInboundVariantSeesOneInbound",
            List.of(
                trace("admin", 2, selectors("kuma.io/service=admin")),
                trace("backend", 1, selectors("kuma.io/service=backend"))),
            List.of(tags("kuma.io/service=backend,version=v1")),
            "backend"),
        arguments(
            "noMatchNoPolicy",
            List.of(trace("db", 1, selectors("kuma.io/service=db"))),
            DATAPLANE,
            null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void winner(
      String rule,
      List<Resource<TrafficTraceSpec>> policies,
      List<Map<String, String>> dataplane,
      String expected) {
    assertThat(DataplanePolicies.best(policies, dataplane).map(Resource::name))
        .isEqualTo(Optional.ofNullable(expected));
  }
}
