package io.portico.mesh.api.policy;

import static io.portico.mesh.api.policy.Violations.v;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.portico.mesh.api.Resource;
import io.portico.mesh.api.ValidationContext;
import io.portico.mesh.api.types.ResourceTypes;
import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.Violation;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RateLimitValidatorTest {
  private static final String SELECTORS =
      "sources: [{match: {kuma.io/service: web}}]\n"
          + "destinations: [{match: {kuma.io/service: backend}}]\n";

  private static String rl(String body) {
    return "type: RateLimit\nmesh: default\nname: rl\n" + body;
  }

  private static String http(String http) {
    return rl(SELECTORS + "conf: {http: " + http + "}\n");
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        arguments(
            "s2SelectorsNeedATag",
            rl(
                "sources: [{match: {}}]\ndestinations: [{match: {version: v1}}]\n"
                    + "conf: {http: {requests: 1, interval: 1s}}\n"),
            List.of(v("sources[0].match", "must have at least one tag"))),
        arguments(
            "s2DestinationsAreRequired",
            rl(
                "sources: [{match: {kuma.io/service: a}}]\nconf: {http: {requests: 1, interval: 1s}}\n"),
            List.of(v("destinations", "must have at least one element"))),
        arguments("confIsRequired", rl(SELECTORS), List.of(v("conf", "must have conf"))),
        arguments(
            "confHttpIsRequired",
            rl(SELECTORS + "conf: {}\n"),
            List.of(v("conf.http", "has to be defined"))),
        arguments(
            "requestsArePositive",
            http("{requests: 0, interval: 1s}"),
            List.of(v("conf.http.requests", "has to be greater than 0"))),
        arguments(
            "intervalIsRequired",
            http("{requests: 10}"),
            List.of(v("conf.http.interval", "has to be defined"))),
        arguments(
            "intervalIsPositive",
            http("{requests: 10, interval: 0s}"),
            List.of(v("conf.http.interval", "has to be greater than 0"))),
        arguments(
            "onRateLimitStatusIsAnHttpStatus",
            http("{requests: 10, interval: 1s, onRateLimit: {status: 600}}"),
            List.of(v("conf.http.onRateLimit.status", "must be in range [100, 599]"))),
        arguments(
            "onRateLimitHeadersHaveKeyAndValue",
            http("{requests: 10, interval: 1s, onRateLimit: {headers: [{append: false}]}}"),
            List.of(
                v("conf.http.onRateLimit.headers[0].key", "cannot be empty"),
                v("conf.http.onRateLimit.headers[0].value", "cannot be empty"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void ruleIsEnforced(String rule, String yaml, List<Violation> expected) {
    assertThat(Violations.of(yaml)).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void externalServiceDestinationSelectsByServiceOnly() {
    Resource<?> httpbin =
        Violations.CODEC.readResource(
            "type: ExternalService\nmesh: default\nname: httpbin\n"
                + "tags: {kuma.io/service: httpbin}\nnetworking: {address: httpbin.org:443}\n");
    ValidationContext mesh =
        new ValidationContext() {
          @Override
          public Optional<Resource<?>> find(String typeName, String meshName, String name) {
            return Optional.empty();
          }

          @Override
          public List<Resource<?>> list(String typeName, String meshName) {
            return typeName.equals("ExternalService") && meshName.equals("default")
                ? List.of(httpbin)
                : List.of();
          }
        };
    RateLimitSpec spec =
        (RateLimitSpec)
            Violations.CODEC
                .readResource(
                    rl(
                        "sources: [{match: {kuma.io/service: web}}]\n"
                            + "destinations: [{match: {kuma.io/service: httpbin, version: v1}},"
                            + " {match: {kuma.io/service: httpbin}},"
                            + " {match: {kuma.io/service: backend, version: v1}}]\n"
                            + "conf: {http: {requests: 1, interval: 1s}}\n"))
                .spec();
    Errors errors = new Errors();

    new RateLimitValidator()
        .validate(
            spec,
            Resource.of(ResourceTypes.RATE_LIMIT, "default", "rl", spec).meta(),
            mesh,
            errors);

    assertThat(errors.violations())
        .containsExactly(
            v(
                "destinations[0].match",
                "must consist of exactly one tag \"kuma.io/service\" when the destination is an"
                    + " ExternalService"));
  }
}
