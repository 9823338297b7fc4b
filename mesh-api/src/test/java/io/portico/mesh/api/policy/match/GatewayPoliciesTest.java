package io.portico.mesh.api.policy.match;

import static io.portico.mesh.api.policy.match.TestPolicies.rateLimit;
import static io.portico.mesh.api.policy.match.TestPolicies.selectors;
import static io.portico.mesh.api.policy.match.TestPolicies.tags;
import static io.portico.mesh.api.policy.match.TestPolicies.timeout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.portico.mesh.api.Resource;
import io.portico.mesh.api.TagRank;
import io.portico.mesh.api.policy.RateLimitSpec;
import io.portico.mesh.api.policy.TimeoutSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Policy matching on builtin gateways (spec/gateway.md §4.2–4.4). */
class GatewayPoliciesTest {
  private static final Map<String, String> LISTENER =
      tags("kuma.io/service=edge-gateway,hostname=one.example.com");
  private static final String GW = "kuma.io/service=edge-gateway";

  private static List<Map<String, String>> backends(String... services) {
    return Stream.of(services).map(s -> tags("kuma.io/service=" + s)).toList();
  }

  // ---------------------------------------------------------------- §4.2

  @Test
  void candidatesAreRankedByTheirFirstMatchingSource() {
    Resource<TimeoutSpec> firstIsBroad =
        timeout(
            "first-is-broad",
            1,
            selectors(GW, GW + ",hostname=one.example.com"),
            selectors("kuma.io/service=*"));

    List<RankedPolicy<TimeoutSpec>> candidates =
        GatewayPolicies.sourceCandidates(List.of(firstIsBroad), LISTENER);

    assertThat(candidates).containsExactly(new RankedPolicy<>(firstIsBroad, new TagRank(1, 0)));
  }

  @Test
  void firstMatchingSourceDecidesAgainstAMoreSpecificLaterSelector() {
    Resource<TimeoutSpec> firstIsBroad =
        timeout(
            "first-is-broad",
            2,
            selectors(GW, GW + ",hostname=one.example.com"),
            selectors("kuma.io/service=*"));
    Resource<TimeoutSpec> hostOnly =
        timeout(
            "host-only",
            1,
            selectors(GW + ",hostname=one.example.com"),
            selectors("kuma.io/service=*"));

    List<RankedPolicy<TimeoutSpec>> candidates =
        GatewayPolicies.sourceCandidates(List.of(firstIsBroad, hostOnly), LISTENER);

    assertThat(GatewayPolicies.bestForDestination(candidates, tags("kuma.io/service=svc-a")))
        .map(Resource::name)
        .contains("host-only");
  }

  @Test
  void listenerTagsSelectOneHostname() {
    Resource<TimeoutSpec> other =
        timeout(
            "other-host",
            1,
            selectors(GW + ",hostname=two.example.com"),
            selectors("kuma.io/service=*"));
    Resource<TimeoutSpec> dataplaneWide =
        timeout("dataplane-wide", 2, selectors(GW), selectors("kuma.io/service=*"));

    assertThat(GatewayPolicies.sourceCandidates(List.of(other, dataplaneWide), LISTENER))
        .extracting(r -> r.policy().name())
        .containsExactly("dataplane-wide");
  }

  // ---------------------------------------------------------------- §4.3

  static Stream<Arguments> destinationCases() {
    Resource<TimeoutSpec> all =
        timeout("timeout-all", 0, selectors("kuma.io/service=*"), selectors("kuma.io/service=*"));
    return Stream.of(
        arguments(
            "exactDestinationBeatsWildcard",
            List.of(all, timeout("t-a", 1, selectors(GW), selectors("kuma.io/service=svc-a"))),
            "kuma.io/service=svc-a,version=v2",
            "t-a"),
        arguments(
            "sourceRankAddsToDestinationRank",
            List.of(
                timeout("gw-to-all", 1, selectors(GW), selectors("kuma.io/service=*")),
                timeout(
                    "all-to-a",
                    2,
                    selectors("kuma.io/service=*"),
                    selectors("kuma.io/service=svc-a"))),
            "kuma.io/service=svc-a",
            "all-to-a"),
        arguments(
            "equalScoreNewestWins",
            List.of(
                timeout("older", 1, selectors(GW), selectors("kuma.io/service=*")),
                timeout(
                    "newer",
                    2,
                    selectors("kuma.io/service=*"),
                    selectors("kuma.io/service=svc-a"))),
            "kuma.io/service=svc-a",
            "newer"),
        arguments(
            "destinationMatchesTheBackendTagsNotOnlyTheService",
            List.of(
                all,
                timeout(
                    "v2-only", 1, selectors(GW), selectors("kuma.io/service=svc-a,version=v2"))),
            "kuma.io/service=svc-a,version=v2",
            "v2-only"),
        arguments(
            "noMatchingDestinationNoPolicy",
            List.of(timeout("t-b", 1, selectors(GW), selectors("kuma.io/service=svc-b"))),
            "kuma.io/service=svc-a",
            null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("destinationCases")
  void destinationWinner(
      String rule, List<Resource<TimeoutSpec>> policies, String destination, String expected) {
    List<RankedPolicy<TimeoutSpec>> candidates =
        GatewayPolicies.sourceCandidates(policies, LISTENER);
    assertThat(
            GatewayPolicies.bestForDestination(candidates, tags(destination)).map(Resource::name))
        .isEqualTo(Optional.ofNullable(expected));
  }

  // ---------------------------------------------------------------- §4.4

  /** The three Timeouts of the worked example in spec/gateway.md §4.4. */
  private static final Resource<TimeoutSpec> TIMEOUT_ALL =
      timeout("timeout-all", 0, selectors("kuma.io/service=*"), selectors("kuma.io/service=*"));

  private static final Resource<TimeoutSpec> T_A =
      timeout("t-a", 1, selectors(GW), selectors("kuma.io/service=svc-a"));
  private static final Resource<TimeoutSpec> T_B =
      timeout("t-b", 2, selectors(GW), selectors("kuma.io/service=svc-b"));

  @Test
  void workedExampleEachBackendGetsItsExactPolicy() {
    List<RankedPolicy<TimeoutSpec>> candidates =
        GatewayPolicies.sourceCandidates(List.of(TIMEOUT_ALL, T_A, T_B), LISTENER);

    assertThat(GatewayPolicies.bestForDestination(candidates, tags("kuma.io/service=svc-a")))
        .contains(T_A);
    assertThat(GatewayPolicies.bestForDestination(candidates, tags("kuma.io/service=svc-b")))
        .contains(T_B);
  }

  @Test
  void workedExampleWithoutWildcardWinnerTheOldestWins() {
    List<RankedPolicy<TimeoutSpec>> candidates =
        GatewayPolicies.sourceCandidates(List.of(TIMEOUT_ALL, T_A, T_B), LISTENER);

    Optional<Resource<TimeoutSpec>> route =
        GatewayPolicies.bestForRoute(candidates, backends("svc-a", "svc-b"));

    assertThat(route).contains(T_A);
    assertThat(route.get().spec().conf().connectTimeout()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void workedExampleAfterDeletingTbTheWildcardWinnerWins() {
    List<RankedPolicy<TimeoutSpec>> candidates =
        GatewayPolicies.sourceCandidates(List.of(TIMEOUT_ALL, T_A), LISTENER);

    assertThat(GatewayPolicies.bestForRoute(candidates, backends("svc-a", "svc-b")))
        .contains(TIMEOUT_ALL);
  }

  static Stream<Arguments> routeCases() {
    Resource<TimeoutSpec> newAll =
        timeout("new-all", 5, selectors(GW), selectors("kuma.io/service=*"));
    Resource<TimeoutSpec> allOld =
        timeout("all-old", 0, selectors(GW), selectors("kuma.io/service=*"));
    Resource<TimeoutSpec> bNew =
        timeout("b-new", 6, selectors(GW), selectors("kuma.io/service=svc-b"));
    return Stream.of(
        arguments(
            "singleBackendReducesToItsWinner",
            List.of(TIMEOUT_ALL, T_A, T_B),
            backends("svc-a"),
            "t-a"),
        arguments(
            "wildcardGroupIsPreferredOverOlderExactWinners",
            List.of(T_A, newAll),
            backends("svc-a", "svc-b"),
            "new-all"),
        arguments(
            "backendsOfOneServiceShareTheirWinner",
            List.of(TIMEOUT_ALL, T_A),
            List.of(
                tags("kuma.io/service=svc-a,version=v1"), tags("kuma.io/service=svc-a,version=v2")),
            "t-a"),
        arguments("noWinnerNoRoutePolicy", List.of(T_B), backends("svc-a"), null),
        arguments("noBackendsNoRoutePolicy", List.of(TIMEOUT_ALL), List.of(), null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("routeCases")
  void routeWinner(
      String rule,
      List<Resource<TimeoutSpec>> policies,
      List<Map<String, String>> backends,
      String expected) {
    List<RankedPolicy<TimeoutSpec>> candidates =
        GatewayPolicies.sourceCandidates(policies, LISTENER);
    assertThat(GatewayPolicies.bestForRoute(candidates, backends).map(Resource::name))
        .isEqualTo(Optional.ofNullable(expected));
  }

  @Test
  void oldestOfTheWildcardGroupWins() {
    Resource<RateLimitSpec> v1Anywhere =
        rateLimit("v1-anywhere", 5, selectors(GW), selectors("kuma.io/service=*,version=v1"));
    Resource<RateLimitSpec> anywhere =
        rateLimit("anywhere", 1, selectors(GW), selectors("kuma.io/service=*"));
    List<RankedPolicy<RateLimitSpec>> candidates =
        GatewayPolicies.sourceCandidates(List.of(v1Anywhere, anywhere), LISTENER);
    Map<String, String> c = tags("kuma.io/service=svc-c,version=v1");
    Map<String, String> d = tags("kuma.io/service=svc-d");

    assertThat(GatewayPolicies.bestForDestination(candidates, c)).contains(v1Anywhere);
    assertThat(GatewayPolicies.bestForDestination(candidates, d)).contains(anywhere);
    assertThat(GatewayPolicies.bestForRoute(candidates, List.of(c, d))).contains(anywhere);
  }

  @Test
  void winnerWhoseDestinationNamesNoServiceIsDropped() {
    Resource<RateLimitSpec> byEnv = rateLimit("by-env", 1, selectors(GW), selectors("env=prod"));
    List<RankedPolicy<RateLimitSpec>> candidates =
        GatewayPolicies.sourceCandidates(List.of(byEnv), LISTENER);
    Map<String, String> backend = tags("kuma.io/service=svc-a,env=prod");

    assertThat(GatewayPolicies.bestForDestination(candidates, backend)).contains(byEnv);
    assertThat(GatewayPolicies.bestForRoute(candidates, List.of(backend))).isEmpty();
  }

  @Test
  void winnersAreTakenOncePerName() {
    Resource<TimeoutSpec> both =
        timeout(
            "both", 1, selectors(GW), selectors("kuma.io/service=svc-a", "kuma.io/service=svc-b"));
    List<GatewayPolicies.DestinationWinner<TimeoutSpec>> winners =
        List.of(
            new GatewayPolicies.DestinationWinner<>(tags("kuma.io/service=svc-a"), both),
            new GatewayPolicies.DestinationWinner<>(tags("kuma.io/service=svc-b"), both));

    assertThat(GatewayPolicies.bestForRoute(winners)).contains(both);
  }
}
