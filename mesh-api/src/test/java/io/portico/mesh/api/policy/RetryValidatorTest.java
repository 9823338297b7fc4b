package io.portico.mesh.api.policy;

import static io.portico.mesh.api.policy.Violations.v;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.portico.mesh.api.validation.ValidationException;
import io.portico.mesh.api.validation.Violation;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RetryValidatorTest {
  private static final String SELECTORS =
      "sources: [{match: {kuma.io/service: web}}]\n"
          + "destinations: [{match: {kuma.io/service: backend}}]\n";

  private static String retry(String body) {
    return "type: Retry\nmesh: default\nname: r\n" + body;
  }

  private static String conf(String conf) {
    return retry(SELECTORS + "conf: " + conf + "\n");
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        arguments(
            "s1SourcesAreRequired",
            retry(
                "destinations: [{match: {kuma.io/service: b}}]\nconf: {tcp: {maxConnectAttempts: 1}}\n"),
            List.of(v("sources", "must have at least one element"))),
        arguments(
            "svcDestinationsAreRequired",
            retry(
                "sources: [{match: {kuma.io/service: a}}]\nconf: {tcp: {maxConnectAttempts: 1}}\n"),
            List.of(v("destinations", "must have at least one element"))),
        arguments("confIsRequired", retry(SELECTORS), List.of(v("conf", "has to be defined"))),
        arguments(
            "confNeedsAProtocol",
            conf("{}"),
            List.of(v("conf", "missing protocol [grpc|http|tcp] configuration"))),
        arguments(
            "httpSectionCannotBeEmpty",
            conf("{http: {}}"),
            List.of(v("conf.http", "field cannot be empty"))),
        arguments(
            "grpcSectionCannotBeEmpty",
            conf("{grpc: {}}"),
            List.of(v("conf.grpc", "field cannot be empty"))),
        arguments(
            "numRetriesArePositive",
            conf("{http: {numRetries: 0}, grpc: {numRetries: 0}}"),
            List.of(
                v("conf.http.numRetries", "has to be greater than 0 when defined"),
                v("conf.grpc.numRetries", "has to be greater than 0 when defined"))),
        arguments(
            "perTryTimeoutIsPositive",
            conf("{http: {perTryTimeout: 0s}}"),
            List.of(v("conf.http.perTryTimeout", "has to be greater than 0 when defined"))),
        arguments(
            "backOffNeedsABaseInterval",
            conf("{http: {backOff: {maxInterval: 1s}}}"),
            List.of(v("conf.http.backOff.baseInterval", "has to be defined"))),
        arguments(
            "backOffBaseIntervalIsPositive",
            conf("{grpc: {backOff: {baseInterval: 0s}}}"),
            List.of(v("conf.grpc.backOff.baseInterval", "has to be greater than 0"))),
        arguments(
            "backOffMaxIntervalIsPositive",
            conf("{http: {backOff: {baseInterval: 1s, maxInterval: 0s}}}"),
            List.of(v("conf.http.backOff.maxInterval", "has to be greater than 0 when defined"))),
        arguments(
            "retriableStatusCodesAreHttpStatuses",
            conf("{http: {retriableStatusCodes: [99, 503, 600]}}"),
            List.of(
                v("conf.http.retriableStatusCodes[0]", "must be in range [100, 599]"),
                v("conf.http.retriableStatusCodes[2]", "must be in range [100, 599]"))),
        arguments(
            "grpcRetryOnValuesAreNotRepeated",
            conf("{grpc: {retryOn: [cancelled, internal, cancelled, internal, unavailable]}}"),
            List.of(
                v("conf.grpc.retryOn", "repeated value \"cancelled\" at indexes [0, 2]"),
                v("conf.grpc.retryOn", "repeated value \"internal\" at indexes [1, 3]"))),
        arguments(
            "tcpMaxConnectAttemptsIsPositive",
            conf("{tcp: {}}"),
            List.of(v("conf.tcp.maxConnectAttempts", "has to be greater than 0"))),
        arguments(
            "httpRetryOnAloneIsEnough",
            conf("{http: {retryOn: [all_5xx, http3_post_connect_failure]}}"),
            List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void ruleIsEnforced(String rule, String yaml, List<Violation> expected) {
    assertThat(Violations.of(yaml)).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void retryOnValuesAreKumaNames() {
    assertThatThrownBy(() -> Violations.of(conf("{http: {retryOn: [5xx]}}")))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e ->
                assertThat(e.violations())
                    .containsExactly(
                        v(
                            "conf.http.retryOn[0]",
                            "unknown value \"5xx\": expected one of all_5xx, gateway_error, reset,"
                                + " connect_failure, envoy_ratelimited, retriable_4xx,"
                                + " refused_stream, retriable_status_codes, retriable_headers,"
                                + " http3_post_connect_failure")));
  }

  @Test
  void retriableMethodsAreHttpMethods() {
    assertThatThrownBy(() -> Violations.of(conf("{http: {retriableMethods: [FETCH]}}")))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e ->
                assertThat(e.violations())
                    .extracting(Violation::field)
                    .containsExactly("conf.http.retriableMethods[0]"));
  }
}
