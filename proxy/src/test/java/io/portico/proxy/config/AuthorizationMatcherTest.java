package io.portico.proxy.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.proxy.config.AuthorizationMatcher.Action;
import io.portico.proxy.config.AuthorizationMatcher.Principal;
import io.portico.proxy.config.AuthorizationMatcher.Rule;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Connection authorization (spec core.md §3.4, §4.3): first matching rule decides, else deny. */
class AuthorizationMatcherTest {
  private static final String WEB = "spiffe://default/web";
  private static final String BACKEND = "spiffe://default/backend";
  private static final String V1 = "kuma://version/v1";
  private static final String V2 = "kuma://version/v2";

  private static Rule rule(String name, Principal principal, Action action) {
    return new Rule(name, principal, action);
  }

  static Stream<Arguments> decisions() {
    return Stream.of(
        Arguments.of(
            "exactSpiffeUriIsAllowed",
            List.of(rule("web", Principal.allOf(Set.of(WEB)), Action.ALLOW)),
            List.of(WEB, V1),
            Action.ALLOW,
            "web"),
        Arguments.of(
            "otherServiceMatchesNoRuleAndIsDenied",
            List.of(rule("web", Principal.allOf(Set.of(WEB)), Action.ALLOW)),
            List.of(BACKEND),
            Action.DENY,
            ""),
        Arguments.of("noRulesDenyEveryone", List.of(), List.of(WEB), Action.DENY, ""),
        Arguments.of(
            "clientWithoutCertificateMatchesOnlyAny",
            List.of(
                rule("web", Principal.allOf(Set.of(WEB)), Action.ALLOW),
                rule("all", Principal.ANY, Action.ALLOW)),
            List.of(),
            Action.ALLOW,
            "all"),
        Arguments.of(
            "everyRequiredUriMustBePresent",
            List.of(rule("web-v2", Principal.allOf(Set.of(WEB, V2)), Action.ALLOW)),
            List.of(WEB, V1),
            Action.DENY,
            ""),
        Arguments.of(
            "requiredUrisTogetherMatch",
            List.of(rule("web-v2", Principal.allOf(Set.of(WEB, V2)), Action.ALLOW)),
            List.of(V2, WEB),
            Action.ALLOW,
            "web-v2"),
        Arguments.of(
            "firstMatchingRuleDecidesEvenWhenALaterOneAllows",
            List.of(
                rule("deny-web", Principal.allOf(Set.of(WEB)), Action.DENY),
                rule("all", Principal.ANY, Action.ALLOW)),
            List.of(WEB),
            Action.DENY,
            "deny-web"),
        Arguments.of(
            "anyMatchesEveryClient",
            List.of(rule("all", Principal.ANY, Action.ALLOW)),
            List.of(BACKEND),
            Action.ALLOW,
            "all"),
        Arguments.of(
            "notMatchesWhenTheInnerPrincipalDoesNot",
            List.of(rule("not-v1", Principal.not(Principal.allOf(Set.of(V1))), Action.ALLOW)),
            List.of(WEB, V2),
            Action.ALLOW,
            "not-v1"),
        Arguments.of(
            "notFailsWhenTheInnerPrincipalMatches",
            List.of(rule("not-v1", Principal.not(Principal.allOf(Set.of(V1))), Action.ALLOW)),
            List.of(WEB, V1),
            Action.DENY,
            ""),
        Arguments.of(
            "requiredUrisAndNotCombine",
            List.of(
                rule(
                    "web-not-v1",
                    new Principal(false, Set.of(WEB), List.of(Principal.allOf(Set.of(V1)))),
                    Action.ALLOW)),
            List.of(WEB, V2),
            Action.ALLOW,
            "web-not-v1"),
        Arguments.of(
            "shadowDenyAllows",
            List.of(rule("shadow", Principal.allOf(Set.of(WEB)), Action.ALLOW_WITH_SHADOW_DENY)),
            List.of(WEB),
            Action.ALLOW_WITH_SHADOW_DENY,
            "shadow"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("decisions")
  void decides(String rule, List<Rule> rules, List<String> uris, Action action, String ruleName) {
    AuthorizationMatcher.Decision decision = new AuthorizationMatcher(rules).decide(uris);
    assertThat(decision.action()).isEqualTo(action);
    assertThat(decision.rule()).isEqualTo(ruleName);
    assertThat(decision.isAllowed()).isEqualTo(action != Action.DENY);
  }
}
