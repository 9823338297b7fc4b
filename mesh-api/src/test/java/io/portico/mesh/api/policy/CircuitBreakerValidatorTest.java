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

class CircuitBreakerValidatorTest {
  private static final String SELECTORS =
      "sources: [{match: {kuma.io/service: web}}]\n"
          + "destinations: [{match: {kuma.io/service: backend}}]\n";
  private static final String DETECTOR = "detectors: {totalErrors: {consecutive: 5}}";

  private static String cb(String body) {
    return "type: CircuitBreaker\nmesh: default\nname: cb\n" + body;
  }

  private static String conf(String conf) {
    return cb(SELECTORS + "conf: " + conf + "\n");
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        arguments(
            "s1SourcesNeedTheServiceTag",
            cb(
                "sources: [{match: {env: prod}}]\n"
                    + "destinations: [{match: {kuma.io/service: backend}}]\n"
                    + "conf: {"
                    + DETECTOR
                    + "}\n"),
            List.of(v("sources[0].match", "mandatory tag \"kuma.io/service\" is missing"))),
        arguments(
            "svcDestinationsHaveOnlyTheServiceTag",
            cb(
                "sources: [{match: {kuma.io/service: web}}]\n"
                    + "destinations: [{match: {env: prod}}]\n"
                    + "conf: {"
                    + DETECTOR
                    + "}\n"),
            List.of(
                v("destinations[0].match", "must consist of exactly one tag \"kuma.io/service\""),
                v("destinations[0].match[\"env\"]", "tag \"env\" is not allowed"))),
        arguments(
            "confIsRequired",
            cb(SELECTORS),
            List.of(v("conf", "must have at least one of the detector or threshold configured"))),
        arguments(
            "confNeedsDetectorsOrThresholds",
            conf("{interval: 5s, baseEjectionTime: 30s}"),
            List.of(v("conf", "must have at least one of the detector or threshold configured"))),
        arguments(
            "presentDetectorsAreNotEmpty",
            conf("{detectors: {}, thresholds: {maxRetries: 3}}"),
            List.of(v("conf.detectors", "can't be empty"))),
        arguments(
            "presentThresholdsAreNotEmpty",
            conf("{" + DETECTOR + ", thresholds: {}}"),
            List.of(v("conf.thresholds", "can't be empty"))),
        arguments(
            "maxEjectionPercentIsAPercentage",
            conf("{maxEjectionPercent: 101, " + DETECTOR + "}"),
            List.of(v("conf.maxEjectionPercent", "has to be in [0.0 - 100.0] range"))),
        arguments(
            "failureThresholdIsAPercentage",
            conf("{detectors: {failure: {threshold: 150}}}"),
            List.of(v("conf.detectors.failure.threshold", "has to be in [0.0 - 100.0] range"))),
        arguments("thresholdsAloneAreEnough", conf("{thresholds: {maxRequests: 1}}"), List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void ruleIsEnforced(String rule, String yaml, List<Violation> expected) {
    assertThat(Violations.of(yaml)).containsExactlyInAnyOrderElementsOf(expected);
  }
}
