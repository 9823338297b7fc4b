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

/** TrafficPermission rules, and the S2 selector rules with the tag charset they share. */
class TrafficPermissionValidatorTest {
  private static String tp(String body) {
    return "type: TrafficPermission\nmesh: default\nname: tp\n" + body;
  }

  private static final String SOURCES = "sources: [{match: {kuma.io/service: web}}]\n";
  private static final String DESTINATIONS =
      "destinations: [{match: {kuma.io/service: backend}}]\n";

  static Stream<Arguments> cases() {
    return Stream.of(
        arguments(
            "s2SourcesAreRequired",
            tp(DESTINATIONS),
            List.of(v("sources", "must have at least one element"))),
        arguments(
            "s2DestinationsAreRequired",
            tp(SOURCES),
            List.of(v("destinations", "must have at least one element"))),
        arguments(
            "s2SelectorNeedsATag",
            tp("sources: [{match: {}}]\n" + DESTINATIONS),
            List.of(v("sources[0].match", "must have at least one tag"))),
        arguments(
            "s2NullSelectorHasNoTag",
            tp("sources: [~]\n" + DESTINATIONS),
            List.of(v("sources[0].match", "must have at least one tag"))),
        arguments(
            "s2DoesNotRequireTheServiceTag",
            tp("sources: [{match: {env: prod}}]\ndestinations: [{match: {version: v1}}]\n"),
            List.of()),
        arguments(
            "selectorValueMustNotBeEmpty",
            tp(SOURCES + "destinations: [{match: {kuma.io/service: ''}}]\n"),
            List.of(
                v("destinations[0].match[\"kuma.io/service\"]", "tag value must be non-empty"))),
        arguments(
            "selectorValueCharset",
            tp("sources: [{match: {kuma.io/service: 'web app'}}]\n" + DESTINATIONS),
            List.of(
                v(
                    "sources[0].match[\"kuma.io/service\"]",
                    "tag value must consist of alphanumeric characters, dots, dashes, slashes and"
                        + " underscores or be \"*\""))),
        arguments(
            "selectorKeyCharset",
            tp("sources: [{match: {'my tag': x}}]\n" + DESTINATIONS),
            List.of(
                v(
                    "sources[0].match[\"my tag\"]",
                    "tag name must consist of alphanumeric characters, dots, dashes, slashes and"
                        + " underscores"))),
        arguments(
            "everySelectorIsChecked",
            tp(
                "sources: [{match: {kuma.io/service: web}}, {match: {}}]\n"
                    + "destinations: [{match: {}}, {match: {kuma.io/service: a}}, {match: {}}]\n"),
            List.of(
                v("sources[1].match", "must have at least one tag"),
                v("destinations[0].match", "must have at least one tag"),
                v("destinations[2].match", "must have at least one tag"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void ruleIsEnforced(String rule, String yaml, List<Violation> expected) {
    assertThat(Violations.of(yaml)).containsExactlyInAnyOrderElementsOf(expected);
  }
}
