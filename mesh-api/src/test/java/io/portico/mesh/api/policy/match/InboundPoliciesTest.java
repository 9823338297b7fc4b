package io.portico.mesh.api.policy.match;

import static io.portico.mesh.api.policy.match.TestPolicies.names;
import static io.portico.mesh.api.policy.match.TestPolicies.rateLimit;
import static io.portico.mesh.api.policy.match.TestPolicies.selectors;
import static io.portico.mesh.api.policy.match.TestPolicies.tags;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.portico.mesh.api.Resource;
import io.portico.mesh.api.policy.RateLimitSpec;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Inbound connection policy matching (spec/core.md §3.2). */
class InboundPoliciesTest {
  private static final String BACKEND_V1 =
      "kuma.io/service=backend,version=v1,kuma.io/protocol=http";

  static Stream<Arguments> cases() {
    Resource<RateLimitSpec> service =
        rateLimit(
            "service", 1, selectors("kuma.io/service=*"), selectors("kuma.io/service=backend"));
    Resource<RateLimitSpec> version =
        rateLimit(
            "version",
            0,
            selectors("kuma.io/service=*"),
            selectors("kuma.io/service=backend,version=v1"));
    return Stream.of(
        arguments(
            "destinationsMatchTheInboundTags", List.of(service, version), BACKEND_V1, "version"),
        arguments(
            "lessSpecificWinsWhereTheSpecificOneDoesNotMatch",
            List.of(service, version),
            "kuma.io/service=backend,version=v2",
            "service"),
        arguments(
            "sourcesDoNotTakePartInTheChoice",
            List.of(
                rateLimit(
                    "no-caller",
                    1,
                    selectors("kuma.io/service=nobody"),
                    selectors("kuma.io/service=backend"))),
            BACKEND_V1,
            "no-caller"),
        arguments(
            "bestDestinationSelectorCounts",
            List.of(
                rateLimit(
                    "two-destinations",
                    0,
                    selectors("kuma.io/service=*"),
                    selectors("kuma.io/service=*", "kuma.io/service=backend,version=v1")),
                rateLimit(
                    "newer",
                    1,
                    selectors("kuma.io/service=*"),
                    selectors("version=v1,kuma.io/protocol=*"))),
            BACKEND_V1,
            "two-destinations"),
        arguments(
            "equalRankNewerWins",
            List.of(
                service,
                rateLimit("newer", 2, selectors("kuma.io/service=web"), selectors("version=v1"))),
            BACKEND_V1,
            "newer"),
        arguments("noMatchingDestinationNoPolicy", List.of(service), "kuma.io/service=db", null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void winner(
      String rule, List<Resource<RateLimitSpec>> policies, String inbound, String expected) {
    assertThat(InboundPolicies.best(policies, tags(inbound)).map(Resource::name))
        .isEqualTo(Optional.ofNullable(expected));
  }

  @Test
  void allMatchingAreOrderedByFirstSourceRankThenNewest() {
    Resource<RateLimitSpec> broad =
        rateLimit("broad", 3, selectors("kuma.io/service=*"), selectors("kuma.io/service=backend"));
    Resource<RateLimitSpec> webOld =
        rateLimit("web-old", 1, selectors("kuma.io/service=web"), selectors("kuma.io/service=*"));
    Resource<RateLimitSpec> webNew =
        rateLimit(
            "web-new",
            2,
            selectors("kuma.io/service=web"),
            selectors("kuma.io/service=backend", "version=v1"));
    Resource<RateLimitSpec> firstSourceOnly =
        rateLimit(
            "first-source-only",
            0,
            selectors("env=*", "kuma.io/service=web,version=v1,env=prod"),
            selectors("kuma.io/service=backend"));
    Resource<RateLimitSpec> elsewhere =
        rateLimit(
            "elsewhere", 4, selectors("kuma.io/service=web"), selectors("kuma.io/service=db"));

    List<Resource<RateLimitSpec>> all =
        InboundPolicies.allMatching(
            List.of(broad, webOld, webNew, firstSourceOnly, elsewhere), tags(BACKEND_V1));

    assertThat(names(all)).containsExactly("web-new", "web-old", "broad", "first-source-only");
  }
}
