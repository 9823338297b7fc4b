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

class TimeoutValidatorTest {
  private static final String SELECTORS =
      "sources: [{match: {kuma.io/service: web}}]\n"
          + "destinations: [{match: {kuma.io/service: backend}}]\n";

  private static String timeout(String body) {
    return "type: Timeout\nmesh: default\nname: t\n" + body;
  }

  private static String conf(String conf) {
    return timeout(SELECTORS + "conf: " + conf + "\n");
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        arguments(
            "s1SourcesNeedTheServiceTag",
            timeout(
                "sources: [{match: {env: prod}}]\n"
                    + "destinations: [{match: {kuma.io/service: backend}}]\n"
                    + "conf: {connectTimeout: 1s}\n"),
            List.of(v("sources[0].match", "mandatory tag \"kuma.io/service\" is missing"))),
        arguments(
            "svcDestinationsHaveOnlyTheServiceTag",
            timeout(
                "sources: [{match: {kuma.io/service: web}}]\n"
                    + "destinations: [{match: {kuma.io/service: backend, env: prod}}]\n"
                    + "conf: {connectTimeout: 1s}\n"),
            List.of(
                v("destinations[0].match", "must consist of exactly one tag \"kuma.io/service\""),
                v("destinations[0].match[\"env\"]", "tag \"env\" is not allowed"))),
        arguments("confIsRequired", timeout(SELECTORS), List.of(v("conf", "has to be defined"))),
        arguments(
            "tcpSectionDefinesATimeout",
            conf("{tcp: {}}"),
            List.of(v("conf.tcp", "at least one timeout in section has to be defined"))),
        arguments(
            "httpSectionDefinesATimeout",
            conf("{http: {}}"),
            List.of(v("conf.http", "at least one timeout in section has to be defined"))),
        arguments(
            "grpcSectionDefinesATimeout",
            conf("{grpc: {}}"),
            List.of(v("conf.grpc", "at least one timeout in section has to be defined"))),
        arguments(
            "connectTimeoutIsPositive",
            conf("{connectTimeout: 0s}"),
            List.of(v("conf.connectTimeout", "has to be greater than 0 when defined"))),
        arguments(
            "tcpIdleTimeoutIsPositive",
            conf("{tcp: {idleTimeout: 0s}}"),
            List.of(v("conf.tcp.idleTimeout", "has to be greater than 0 when defined"))),
        arguments(
            "httpTimeoutsArePositive",
            conf(
                "{http: {requestTimeout: 0s, idleTimeout: 0s, streamIdleTimeout: 0s,"
                    + " maxStreamDuration: 0s}}"),
            List.of(
                v("conf.http.requestTimeout", "has to be greater than 0 when defined"),
                v("conf.http.idleTimeout", "has to be greater than 0 when defined"),
                v("conf.http.streamIdleTimeout", "has to be greater than 0 when defined"),
                v("conf.http.maxStreamDuration", "has to be greater than 0 when defined"))),
        arguments(
            "grpcTimeoutsArePositive",
            conf("{grpc: {streamIdleTimeout: 0s, maxStreamDuration: 0s}}"),
            List.of(
                v("conf.grpc.streamIdleTimeout", "has to be greater than 0 when defined"),
                v("conf.grpc.maxStreamDuration", "has to be greater than 0 when defined"))),
        arguments("oneTimeoutIsEnough", conf("{http: {maxStreamDuration: 1h}}"), List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void ruleIsEnforced(String rule, String yaml, List<Violation> expected) {
    assertThat(Violations.of(yaml)).containsExactlyInAnyOrderElementsOf(expected);
  }
}
