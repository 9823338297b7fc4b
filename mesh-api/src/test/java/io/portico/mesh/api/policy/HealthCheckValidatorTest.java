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

class HealthCheckValidatorTest {
  private static final String SELECTORS =
      "sources: [{match: {kuma.io/service: web}}]\n"
          + "destinations: [{match: {kuma.io/service: backend}}]\n";
  private static final String BASE =
      "interval: 10s, timeout: 2s, unhealthyThreshold: 3, healthyThreshold: 1";

  private static String hc(String body) {
    return "type: HealthCheck\nmesh: default\nname: hc\n" + body;
  }

  /** A valid conf plus {@code extra} fields. */
  private static String conf(String extra) {
    return hc(SELECTORS + "conf: {" + BASE + (extra.isEmpty() ? "" : ", " + extra) + "}\n");
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        arguments(
            "s1SourcesAreRequired",
            hc("destinations: [{match: {kuma.io/service: b}}]\nconf: {" + BASE + "}\n"),
            List.of(v("sources", "must have at least one element"))),
        arguments(
            "svcDestinationsAreRequired",
            hc("sources: [{match: {kuma.io/service: a}}]\nconf: {" + BASE + "}\n"),
            List.of(v("destinations", "must have at least one element"))),
        arguments("confIsRequired", hc(SELECTORS), List.of(v("conf", "has to be defined"))),
        arguments(
            "intervalTimeoutAndThresholdsAreRequired",
            hc(SELECTORS + "conf: {reuseConnection: true}\n"),
            List.of(
                v("conf.interval", "has to be defined"),
                v("conf.timeout", "has to be defined"),
                v("conf.unhealthyThreshold", "has to be greater than 0"),
                v("conf.healthyThreshold", "has to be greater than 0"))),
        arguments(
            "intervalAndTimeoutArePositive",
            hc(
                SELECTORS
                    + "conf: {interval: 0s, timeout: 0s, unhealthyThreshold: 1,"
                    + " healthyThreshold: 1}\n"),
            List.of(
                v("conf.interval", "has to be greater than 0"),
                v("conf.timeout", "has to be greater than 0"))),
        arguments(
            "optionalDurationsArePositive",
            conf("initialJitter: 0s, intervalJitter: 0s, noTrafficInterval: 0s"),
            List.of(
                v("conf.initialJitter", "has to be greater than 0 when defined"),
                v("conf.intervalJitter", "has to be greater than 0 when defined"),
                v("conf.noTrafficInterval", "has to be greater than 0 when defined"))),
        arguments(
            "healthyPanicThresholdIsAPercentage",
            conf("healthyPanicThreshold: 100.5"),
            List.of(v("conf.healthyPanicThreshold", "must be in range [0.0 - 100.0]"))),
        arguments(
            "intervalJitterPercentIsAPercentage",
            conf("intervalJitterPercent: 101"),
            List.of(v("conf.intervalJitterPercent", "must be in range [0 - 100]"))),
        arguments(
            "tcpAndHttpAreExclusive",
            conf("tcp: {}, http: {path: /health}"),
            List.of(v("conf", "http and tcp cannot be defined at the same time"))),
        arguments(
            "httpNeedsAPath",
            conf("http: {expectedStatuses: [200]}"),
            List.of(v("conf.http.path", "has to be defined and cannot be empty"))),
        arguments(
            "expectedStatusesAreHttpStatuses",
            conf("http: {path: /, expectedStatuses: [99, 200, 600]}"),
            List.of(
                v("conf.http.expectedStatuses[0]", "must be in range [100, 600)"),
                v("conf.http.expectedStatuses[2]", "must be in range [100, 600)"))),
        arguments(
            "headerToAddNeedsAHeader",
            conf("http: {path: /, requestHeadersToAdd: [{append: true}]}"),
            List.of(v("conf.http.requestHeadersToAdd[0].header", "has to be defined"))),
        arguments(
            "headerToAddNeedsAKey",
            conf("http: {path: /, requestHeadersToAdd: [{header: {value: x}}]}"),
            List.of(v("conf.http.requestHeadersToAdd[0].header.key", "cannot be empty"))),
        arguments(
            "tcpPayloadsAreBase64",
            conf("tcp: {send: '***', receive: ['', 'b2s=', '%%']}"),
            List.of(
                v("conf.tcp.send", "must be base64-encoded bytes"),
                v("conf.tcp.receive[0]", "cannot be empty"),
                v("conf.tcp.receive[2]", "must be base64-encoded bytes"))),
        arguments("tcpIsTheDefaultCheck", conf(""), List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void ruleIsEnforced(String rule, String yaml, List<Violation> expected) {
    assertThat(Violations.of(yaml)).containsExactlyInAnyOrderElementsOf(expected);
  }
}
