package io.portico.mesh.api.policy.targetref;

import static io.portico.mesh.api.policy.Violations.v;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.portico.mesh.api.policy.Violations;
import io.portico.mesh.api.validation.Violation;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MeshTraceValidatorTest {
  private static String mt(String spec) {
    return "type: MeshTrace\nmesh: default\nname: mt\nspec: " + spec + "\n";
  }

  private static String conf(String conf) {
    return mt("{targetRef: {kind: Mesh}, default: " + conf + "}");
  }

  private static String datadog(String url) {
    return conf("{backends: [{datadog: {url: '" + url + "'}}]}");
  }

  static Stream<Arguments> cases() {
    String b = "spec.default.backends[0]";
    return Stream.of(
        arguments(
            "targetRefIsRequired",
            mt("{default: {backends: []}}"),
            List.of(v("spec.targetRef", "must be set"))),
        arguments(
            "everyKindIsAllowedAtTheTop",
            mt("{targetRef: {kind: MeshServiceSubset, name: a, tags: {version: v1}}}"),
            List.of()),
        arguments(
            "atMostOneBackend",
            conf(
                "{backends: [{zipkin: {url: 'http://a:9411'}}, {zipkin: {url: 'http://b:9411'}}]}"),
            List.of(v("spec.default.backends", "must have zero or one backend defined"))),
        arguments(
            "backendHasOneType",
            conf("{backends: [{}]}"),
            List.of(v(b, "backend can have only one type defined: datadog, zipkin"))),
        arguments(
            "backendHasOnlyOneType",
            conf("{backends: [{zipkin: {url: 'http://a:9411'}, datadog: {url: 'http://a:8126'}}]}"),
            List.of(v(b, "backend can have only one type defined: datadog, zipkin"))),
        arguments(
            "zipkinNeedsAUrl",
            conf("{backends: [{zipkin: {}}]}"),
            List.of(v(b + ".zipkin.url", "must not be empty"))),
        arguments(
            "zipkinUrlIsValid",
            conf("{backends: [{zipkin: {url: 'jaeger collector'}}]}"),
            List.of(v(b + ".zipkin.url", "must be a valid url"))),
        arguments(
            "zipkinApiVersionIsKnown",
            conf("{backends: [{zipkin: {url: 'http://a:9411', apiVersion: httpJsonV1}}]}"),
            List.of(v(b + ".zipkin.apiVersion", "must be one of httpJson, httpProto"))),
        arguments(
            "datadogUrlIsHttp",
            datadog("https://agent:8126"),
            List.of(v(b + ".datadog.url", "scheme must be http"))),
        arguments(
            "datadogUrlHasAPort",
            datadog("http://agent"),
            List.of(v(b + ".datadog.url", "port must be defined"))),
        arguments(
            "datadogUrlIsHostAndPortOnly",
            datadog("http://user@agent:8126/v1?x=1#f"),
            List.of(
                v(b + ".datadog.url", "user must not be defined"),
                v(b + ".datadog.url", "path must not be defined"),
                v(b + ".datadog.url", "query must not be defined"),
                v(b + ".datadog.url", "fragment must not be defined"))),
        arguments(
            "datadogUrlIsAUrl",
            datadog("agent:8126"),
            List.of(v(b + ".datadog.url", "must be a valid url"))),
        arguments(
            "samplingIsAPercentage",
            conf("{sampling: {overall: 101, client: 200, random: 100}}"),
            List.of(
                v("spec.default.sampling.overall", "must be between 0 and 100"),
                v("spec.default.sampling.client", "must be between 0 and 100"))),
        arguments(
            "tagNeedsAName",
            conf("{tags: [{literal: x}]}"),
            List.of(v("spec.default.tags[0].name", "must not be empty"))),
        arguments(
            "tagHasLiteralOrHeader",
            conf("{tags: [{name: a}, {name: b, literal: x, header: {name: x-b}}]}"),
            List.of(
                v("spec.default.tags[0]", "tag must have only one type defined: header, literal"),
                v("spec.default.tags[1]", "tag must have only one type defined: header, literal"))),
        arguments(
            "headerTagNamesAHeader",
            conf("{tags: [{name: a, header: {default: x}}]}"),
            List.of(v("spec.default.tags[0].header.name", "must not be empty"))),
        arguments("noBackendIsValid", conf("{backends: []}"), List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void ruleIsEnforced(String rule, String yaml, List<Violation> expected) {
    assertThat(Violations.of(yaml)).containsExactlyInAnyOrderElementsOf(expected);
  }
}
