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

class MeshAccessLogValidatorTest {
  private static final String TO_MESH = "to: [{targetRef: {kind: Mesh}, default: {backends: []}}]";

  private static String mal(String spec) {
    return "type: MeshAccessLog\nmesh: default\nname: mal\nspec: " + spec + "\n";
  }

  /** A policy logging outbound traffic to the given backends. */
  private static String backends(String backends) {
    return mal(
        "{targetRef: {kind: Mesh}, to: [{targetRef: {kind: Mesh}, default: {backends: ["
            + backends
            + "]}}]}");
  }

  static Stream<Arguments> cases() {
    String b = "spec.to[0].default.backends[0]";
    return Stream.of(
        arguments(
            "targetRefIsRequired",
            mal("{" + TO_MESH + "}"),
            List.of(v("spec.targetRef", "must be set"))),
        arguments(
            "toOrFromIsRequired",
            mal("{targetRef: {kind: Mesh}}"),
            List.of(v("spec", "at least one of 'from', 'to' has to be defined"))),
        arguments(
            "toAcceptsMeshService",
            mal(
                "{targetRef: {kind: Mesh}, to: [{targetRef: {kind: MeshService, name: a}, default: {}}]}"),
            List.of()),
        arguments(
            "toRejectsSubsets",
            mal(
                "{targetRef: {kind: Mesh}, to: [{targetRef: {kind: MeshSubset, tags: {a: b}},"
                    + " default: {}}]}"),
            List.of(v("spec.to[0].targetRef.kind", "value is not supported"))),
        arguments(
            "fromAcceptsOnlyMesh",
            mal(
                "{targetRef: {kind: Mesh}, from: [{targetRef: {kind: MeshService, name: a},"
                    + " default: {}}]}"),
            List.of(v("spec.from[0].targetRef.kind", "value is not supported"))),
        arguments(
            "noToUnderAGatewayRoute",
            mal("{targetRef: {kind: MeshGatewayRoute, name: r}, " + TO_MESH + "}"),
            List.of(
                v(
                    "spec.to",
                    "cannot use \"to\" when \"targetRef\" is \"MeshGatewayRoute\" - there is no"
                        + " outbound"))),
        arguments(
            "itemDefaultIsRequired",
            mal("{targetRef: {kind: Mesh}, from: [{targetRef: {kind: Mesh}}]}"),
            List.of(v("spec.from[0].default", "must be defined"))),
        arguments(
            "backendHasOneType",
            backends("{}, {tcp: {address: '127.0.0.1:5000'}, file: {path: /tmp/log}}"),
            List.of(
                v(b, "backend can have only one type defined: tcp, file"),
                v(
                    "spec.to[0].default.backends[1]",
                    "backend can have only one type defined: tcp, file"))),
        arguments(
            "tcpBackendNeedsAnAddress",
            backends("{tcp: {}}"),
            List.of(v(b + ".tcp.address", "tcp backend requires valid address (host:port)"))),
        arguments(
            "tcpAddressHasAPort",
            backends("{tcp: {address: logstash}}"),
            List.of(v(b + ".tcp.address", "tcp backend requires valid address (host:port)"))),
        arguments(
            "fileBackendNeedsAPath",
            backends("{file: {}}"),
            List.of(v(b + ".file.path", "file backend requires a valid path"))),
        arguments(
            "formatHasOneType",
            backends("{file: {path: /tmp/log, format: {}}}"),
            List.of(v(b + ".file.format", "format can only have one type defined: plain, json"))),
        arguments(
            "formatHasOnlyOneType",
            backends(
                "{tcp: {address: 'a:1', format: {plain: '%START_TIME%', json: [{key: a, value:"
                    + " b}]}}}"),
            List.of(v(b + ".tcp.format", "format can only have one type defined: plain, json"))),
        arguments(
            "jsonFieldsHaveKeyAndValue",
            backends("{file: {path: /tmp/log, format: {json: [{}]}}}"),
            List.of(
                v(b + ".file.format.json[0].key", "key cannot be empty"),
                v(b + ".file.format.json[0].value", "value cannot be empty"))),
        arguments(
            "jsonFieldsFormAnObject",
            backends("{file: {path: /tmp/log, format: {json: [{key: 'a\"b', value: x}]}}}"),
            List.of(v(b + ".file.format.json[0]", "is not a valid JSON object"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void ruleIsEnforced(String rule, String yaml, List<Violation> expected) {
    assertThat(Violations.of(yaml)).containsExactlyInAnyOrderElementsOf(expected);
  }
}
