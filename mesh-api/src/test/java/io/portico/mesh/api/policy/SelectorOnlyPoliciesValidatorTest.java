package io.portico.mesh.api.policy;

import static io.portico.mesh.api.policy.Violations.v;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.portico.mesh.api.validation.Violation;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** TrafficLog (S1 + SVC, optional conf) and TrafficTrace (S2 selectors, optional conf). */
class SelectorOnlyPoliciesValidatorTest {
  private static String log(String body) {
    return "type: TrafficLog\nmesh: default\nname: tl\n" + body;
  }

  private static String trace(String body) {
    return "type: TrafficTrace\nmesh: default\nname: tt\n" + body;
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        arguments(
            "trafficLogSourcesAreS1",
            log("sources: [{match: {env: prod}}]\ndestinations: [{match: {kuma.io/service: b}}]\n"),
            List.of(v("sources[0].match", "mandatory tag \"kuma.io/service\" is missing"))),
        arguments(
            "trafficLogDestinationsAreSvc",
            log("sources: [{match: {kuma.io/service: a}}]\ndestinations: [{match: {env: prod}}]\n"),
            List.of(
                v("destinations[0].match", "must consist of exactly one tag \"kuma.io/service\""),
                v("destinations[0].match[\"env\"]", "tag \"env\" is not allowed"))),
        arguments(
            "trafficLogNeedsSelectors",
            log("conf: {backend: file}\n"),
            List.of(
                v("sources", "must have at least one element"),
                v("destinations", "must have at least one element"))),
        arguments(
            "trafficLogBackendDefaultsToTheMeshDefault",
            log(
                "sources: [{match: {kuma.io/service: a}}]\ndestinations: [{match: {kuma.io/service: b}}]\n"),
            List.of()),
        arguments(
            "trafficTraceNeedsSelectors",
            trace("conf: {backend: zipkin}\n"),
            List.of(v("selectors", "must have at least one element"))),
        arguments(
            "trafficTraceSelectorNeedsATag",
            trace("selectors: [{match: {}}]\n"),
            List.of(v("selectors[0].match", "must have at least one tag"))),
        arguments(
            "trafficTraceSelectorsAreS2", trace("selectors: [{match: {env: prod}}]\n"), List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void ruleIsEnforced(String rule, String yaml, List<Violation> expected) {
    assertThat(Violations.of(yaml)).containsExactlyInAnyOrderElementsOf(expected);
  }
}
