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

class FaultInjectionValidatorTest {
  private static final String SOURCES = "sources: [{match: {kuma.io/service: web}}]\n";
  private static final String DESTINATIONS =
      "destinations: [{match: {kuma.io/service: backend, kuma.io/protocol: http}}]\n";
  private static final String DELAY = "delay: {percentage: 50, value: 1s}";

  private static String fi(String body) {
    return "type: FaultInjection\nmesh: default\nname: fi\n" + body;
  }

  private static String conf(String conf) {
    return fi(SOURCES + DESTINATIONS + "conf: " + conf + "\n");
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        arguments(
            "s2SourcesAreRequired",
            fi(DESTINATIONS + "conf: {" + DELAY + "}\n"),
            List.of(v("sources", "must have at least one element"))),
        arguments(
            "s2SourcesNeedNoServiceTag",
            fi("sources: [{match: {env: prod}}]\n" + DESTINATIONS + "conf: {" + DELAY + "}\n"),
            List.of()),
        arguments(
            "destinationNeedsAProtocol",
            fi(
                SOURCES
                    + "destinations: [{match: {kuma.io/service: backend}}]\nconf: {"
                    + DELAY
                    + "}\n"),
            List.of(v("destinations[0].match", "protocol must be specified"))),
        arguments(
            "destinationProtocolIsHttpFamily",
            fi(
                SOURCES
                    + "destinations: [{match: {kuma.io/service: a, kuma.io/protocol: grpc}},"
                    + " {match: {kuma.io/service: b, kuma.io/protocol: tcp}}]\n"
                    + "conf: {"
                    + DELAY
                    + "}\n"),
            List.of(
                v(
                    "destinations[1].match[\"kuma.io/protocol\"]",
                    "must be one of the [http, http2, grpc]"))),
        arguments(
            "emptyDestinationNeedsATagAndAProtocol",
            fi(SOURCES + "destinations: [{match: {}}]\nconf: {" + DELAY + "}\n"),
            List.of(
                v("destinations[0].match", "must have at least one tag"),
                v("destinations[0].match", "protocol must be specified"))),
        arguments(
            "confNeedsAFault",
            fi(SOURCES + DESTINATIONS),
            List.of(v("conf", "must have at least one of the faults configured"))),
        arguments(
            "emptyFaultCountsAsAbsent",
            conf("{delay: {}, abort: {}}"),
            List.of(v("conf", "must have at least one of the faults configured"))),
        arguments(
            "delayNeedsPercentageAndValue",
            conf("{delay: {value: 1s}, abort: {percentage: 10, httpStatus: 503}}"),
            List.of(v("conf.delay.percentage", "cannot be empty"))),
        arguments(
            "delayNeedsAValue",
            conf("{delay: {percentage: 10}}"),
            List.of(v("conf.delay.value", "cannot be empty"))),
        arguments(
            "percentageIsWithinRange",
            conf(
                "{delay: {percentage: 100.1, value: 1s}, abort: {percentage: -1, httpStatus: 500}}"),
            List.of(
                v("conf.delay.percentage", "has to be in [0.0 - 100.0] range"),
                v("conf.abort.percentage", "has to be in [0.0 - 100.0] range"))),
        arguments(
            "abortNeedsAStatus",
            conf("{abort: {percentage: 10}}"),
            List.of(v("conf.abort.httpStatus", "cannot be empty"))),
        arguments(
            "abortStatusIsAKnownHttpStatus",
            conf("{abort: {percentage: 10, httpStatus: 306}}"),
            List.of(v("conf.abort.httpStatus", "http status code is incorrect"))),
        arguments(
            "bandwidthNeedsALimit",
            conf("{responseBandwidth: {percentage: 10}}"),
            List.of(v("conf.responseBandwidth.limit", "cannot be empty"))),
        arguments(
            "bandwidthLimitHasUnits",
            conf("{responseBandwidth: {percentage: 10, limit: 50tbps}}"),
            List.of(v("conf.responseBandwidth.limit", "has to be in kbps/mbps/gbps units"))),
        arguments(
            "bandwidthLimitInKbps",
            conf("{responseBandwidth: {percentage: 10, limit: 512kbps}}"),
            List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void ruleIsEnforced(String rule, String yaml, List<Violation> expected) {
    assertThat(Violations.of(yaml)).containsExactlyInAnyOrderElementsOf(expected);
  }
}
