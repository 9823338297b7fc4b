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

class VirtualOutboundValidatorTest {
  private static final String SELECTORS = "selectors: [{match: {kuma.io/service: '*'}}]\n";
  private static final String SERVICE = "{name: svc, tagKey: kuma.io/service}";

  private static String vo(String body) {
    return "type: VirtualOutbound\nmesh: default\nname: vo\n" + body;
  }

  private static String conf(String host, String port, String parameters) {
    return vo(
        SELECTORS
            + "conf: {host: '"
            + host
            + "', port: '"
            + port
            + "', parameters: ["
            + parameters
            + "]}\n");
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        arguments(
            "s2SelectorsAreRequired",
            vo("conf: {host: '{{.svc}}.mesh', port: '80', parameters: [" + SERVICE + "]}\n"),
            List.of(v("selectors", "must have at least one element"))),
        arguments("confIsRequired", vo(SELECTORS), List.of(v("conf", "has to be defined"))),
        arguments(
            "hostAndPortAreRequired",
            vo(SELECTORS + "conf: {parameters: [" + SERVICE + "]}\n"),
            List.of(v("conf.host", "has to be defined"), v("conf.port", "has to be defined"))),
        arguments(
            "aParameterTakesTheServiceTag",
            conf("{{.version}}.mesh", "80", "{name: version}"),
            List.of(
                v(
                    "conf.parameters",
                    "must contain a parameter with \"kuma.io/service\" as a tagKey"))),
        arguments(
            "parameterNamesAreAlphanumeric",
            conf("x.mesh", "80", SERVICE + ", {name: my-tag, tagKey: version}"),
            List.of(v("conf.parameters[1].name", "must consist of alphanumeric characters"))),
        arguments(
            "parameterNamesAreUnique",
            conf("{{.svc}}.mesh", "80", SERVICE + ", {name: svc, tagKey: version}"),
            List.of(v("conf.parameters[1].name", "name \"svc\" is already used"))),
        arguments(
            "parameterTagKeyIsATagName",
            conf("{{.svc}}.mesh", "80", SERVICE + ", {name: v, tagKey: 'bad key'}"),
            List.of(v("conf.parameters[1].tagKey", "must be a valid tag name"))),
        arguments(
            "templateActionsAreClosed",
            conf("{{.svc.mesh", "80", SERVICE),
            List.of(v("conf.host", "template pre evaluation failed with error='unclosed action'"))),
        arguments(
            "templatesUseDeclaredParameters",
            conf("{{.svc}}.{{.zone}}.mesh", "{{ .port }}", SERVICE),
            List.of(
                v(
                    "conf.host",
                    "template pre evaluation failed with error='undefined parameter \"zone\"'"),
                v(
                    "conf.port",
                    "template pre evaluation failed with error='undefined parameter \"port\"'"))),
        arguments(
            "portEvaluatesToAPort",
            conf("{{.svc}}.mesh", "http", SERVICE),
            List.of(v("conf.port", "must evaluate to a port in the range [1, 65535]"))),
        arguments(
            "portIsInRange",
            conf("{{.svc}}.mesh", "65536", SERVICE),
            List.of(v("conf.port", "must evaluate to a port in the range [1, 65535]"))),
        arguments(
            "portFromAParameter",
            conf("{{.svc}}.mesh", "{{.port}}", SERVICE + ", {name: port}"),
            List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void ruleIsEnforced(String rule, String yaml, List<Violation> expected) {
    assertThat(Violations.of(yaml)).containsExactlyInAnyOrderElementsOf(expected);
  }
}
