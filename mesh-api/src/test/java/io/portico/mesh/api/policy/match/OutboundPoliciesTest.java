package io.portico.mesh.api.policy.match;

import static io.portico.mesh.api.policy.match.TestPolicies.selectors;
import static io.portico.mesh.api.policy.match.TestPolicies.tags;
import static io.portico.mesh.api.policy.match.TestPolicies.timeout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.portico.mesh.api.Resource;
import io.portico.mesh.api.policy.TimeoutSpec;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Outbound connection policy matching (spec/core.md §3.2). */
class OutboundPoliciesTest {
  private static final List<Map<String, String>> WEB =
      List.of(tags("kuma.io/service=web,version=v1,kuma.io/protocol=http"));

  static Stream<Arguments> cases() {
    Resource<TimeoutSpec> allToAll =
        timeout("all", 0, selectors("kuma.io/service=*"), selectors("kuma.io/service=*"));
    return Stream.of(
        arguments(
            "policyNeedsAMatchingSource",
            List.of(
                timeout("t", 1, selectors("kuma.io/service=api"), selectors("kuma.io/service=*"))),
            WEB,
            "backend",
            null),
        arguments(
            "anyInboundOfTheDataplaneCanMatchTheSource",
            List.of(
                timeout("t", 1, selectors("kuma.io/service=api"), selectors("kuma.io/service=*"))),
            List.of(tags("kuma.io/service=web"), tags("kuma.io/service=api")),
            "backend",
            "t"),
        arguments(
            "policyNeedsAMatchingDestination",
            List.of(
                timeout("t", 1, selectors("kuma.io/service=*"), selectors("kuma.io/service=db"))),
            WEB,
            "backend",
            null),
        arguments(
            "destinationsMatchTheServiceTagOnly",
            List.of(
                timeout(
                    "t",
                    1,
                    selectors("kuma.io/service=*"),
                    selectors("kuma.io/service=backend,version=v1"))),
            WEB,
            "backend",
            null),
        arguments(
            "exactDestinationBeatsWildcard",
            List.of(
                allToAll,
                timeout(
                    "t", 1, selectors("kuma.io/service=*"), selectors("kuma.io/service=backend"))),
            WEB,
            "backend",
            "t"),
        arguments(
            "sourceRankCountsInTheScore",
            List.of(
                timeout(
                    "specific-source",
                    1,
                    selectors("kuma.io/service=web,version=v1"),
                    selectors("kuma.io/service=*")),
                timeout(
                    "specific-destination",
                    2,
                    selectors("kuma.io/service=*"),
                    selectors("kuma.io/service=backend"))),
            WEB,
            "backend",
            "specific-source"),
        arguments(
            "bestMatchingSourceSelectorCounts",
            List.of(
                timeout(
                    "two-sources",
                    1,
                    selectors("kuma.io/service=*", "kuma.io/service=web,version=v1"),
                    selectors("kuma.io/service=*")),
                timeout(
                    "newer", 2, selectors("kuma.io/service=web"), selectors("kuma.io/service=*"))),
            WEB,
            "backend",
            "two-sources"),
        arguments(
            "equalRankNewerWins",
            List.of(
                timeout(
                    "older", 1, selectors("kuma.io/service=web"), selectors("kuma.io/service=*")),
                timeout(
                    "newer",
                    2,
                    selectors("kuma.io/service=*"),
                    selectors("kuma.io/service=backend"))),
            WEB,
            "backend",
            "newer"),
        arguments(
            "equalRankAndTimeFirstNameWins",
            List.of(
                timeout("b", 1, selectors("kuma.io/service=*"), selectors("kuma.io/service=*")),
                timeout("a", 1, selectors("kuma.io/service=*"), selectors("kuma.io/service=*"))),
            WEB,
            "backend",
            "a"),
        arguments(
            "wildcardDestinationCoversPassThrough",
            List.of(allToAll),
            WEB,
            OutboundPolicies.PASS_THROUGH_SERVICE,
            "all"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void winner(
      String rule,
      List<Resource<TimeoutSpec>> policies,
      List<Map<String, String>> dataplane,
      String service,
      String expected) {
    assertThat(OutboundPolicies.best(policies, dataplane, service).map(Resource::name))
        .isEqualTo(java.util.Optional.ofNullable(expected));
  }

  @Test
  void everyOutboundAndPassThroughGetTheirOwnWinner() {
    Resource<TimeoutSpec> all =
        timeout("all", 0, selectors("kuma.io/service=*"), selectors("kuma.io/service=*"));
    Resource<TimeoutSpec> backend =
        timeout(
            "backend", 1, selectors("kuma.io/service=web"), selectors("kuma.io/service=backend"));
    Resource<TimeoutSpec> db =
        timeout("db-only", 2, selectors("kuma.io/service=api"), selectors("kuma.io/service=db"));

    Map<String, Resource<TimeoutSpec>> winners =
        OutboundPolicies.forOutbounds(
            List.of(all, backend, db), WEB, List.of("backend", "db", "backend"));

    assertThat(winners).containsOnlyKeys("backend", "db", "pass_through");
    assertThat(winners.get("backend").name()).isEqualTo("backend");
    assertThat(winners.get("db").name()).isEqualTo("all");
    assertThat(winners.get("pass_through").name()).isEqualTo("all");
  }

  @Test
  void outboundWithoutMatchingPolicyIsAbsent() {
    Resource<TimeoutSpec> backend =
        timeout(
            "backend", 1, selectors("kuma.io/service=web"), selectors("kuma.io/service=backend"));

    assertThat(OutboundPolicies.forOutbounds(List.of(backend), WEB, List.of("backend", "db")))
        .containsOnlyKeys("backend");
  }
}
