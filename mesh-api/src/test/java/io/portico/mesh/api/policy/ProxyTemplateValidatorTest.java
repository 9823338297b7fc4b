package io.portico.mesh.api.policy;

import static io.portico.mesh.api.policy.Violations.v;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.portico.mesh.api.validation.Violation;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProxyTemplateValidatorTest {
  private static final String SELECTORS = "selectors: [{match: {kuma.io/service: backend}}]\n";

  private static String pt(String body) {
    return "type: ProxyTemplate\nmesh: default\nname: pt\n" + body;
  }

  private static String conf(String conf) {
    return pt(SELECTORS + "conf: " + conf + "\n");
  }

  private static String modification(String modification) {
    return conf("{modifications: [" + modification + "]}");
  }

  static Stream<Arguments> cases() {
    String m = "conf.modifications[0]";
    return Stream.of(
        arguments(
            "s2SelectorsAreRequired",
            pt("conf: {imports: [default-proxy]}\n"),
            List.of(v("selectors", "must have at least one element"))),
        arguments(
            "s2SelectorNeedsATag",
            pt("selectors: [{match: {}}]\n"),
            List.of(v("selectors[0].match", "must have at least one tag"))),
        arguments(
            "importsAreKnownProfiles",
            conf("{imports: [default-proxy, sidecar, '']}"),
            List.of(
                v(
                    "conf.imports[1]",
                    "profile not found. Available profiles:"
                        + " default-proxy,egress-proxy,gateway-proxy,ingress-proxy"),
                v("conf.imports[2]", "cannot be empty"))),
        arguments(
            "rawResourceNeedsNameVersionAndResource",
            conf("{resources: [{}]}"),
            List.of(
                v("conf.resources[0].name", "cannot be empty"),
                v("conf.resources[0].version", "cannot be empty"),
                v("conf.resources[0].resource", "cannot be empty"))),
        arguments(
            "rawResourceIsAYamlObject",
            conf("{resources: [{name: a, version: v1, resource: just text}]}"),
            List.of(
                v(
                    "conf.resources[0].resource",
                    "native Envoy resource is not valid: expected a YAML object"))),
        arguments(
            "modificationHasOneKind",
            modification("{}"),
            List.of(
                v(
                    m,
                    "exactly one of cluster, listener, networkFilter, httpFilter, virtualHost must"
                        + " be set"))),
        arguments(
            "modificationHasOnlyOneKind",
            modification("{cluster: {operation: remove}, listener: {operation: remove}}"),
            List.of(
                v(
                    m,
                    "exactly one of cluster, listener, networkFilter, httpFilter, virtualHost must"
                        + " be set"))),
        arguments(
            "clusterOperationIsKnown",
            modification("{cluster: {operation: replace, value: 'name: a'}}"),
            List.of(
                v(
                    m + ".cluster.operation",
                    "invalid operation. Available operations: \"add\", \"patch\", \"remove\""))),
        arguments(
            "clusterAddHasNoMatch",
            modification("{cluster: {operation: add, match: {name: a}, value: 'name: a'}}"),
            List.of(v(m + ".cluster.match", "cannot be defined"))),
        arguments(
            "listenerAddHasNoMatch",
            modification(
                "{listener: {operation: add, match: {origin: inbound}, value: 'name: a'}}"),
            List.of(v(m + ".listener.match", "cannot be defined"))),
        arguments(
            "addNeedsAValue",
            modification("{cluster: {operation: add}}"),
            List.of(v(m + ".cluster.value", "cannot be empty"))),
        arguments(
            "patchValueIsAYamlObject",
            modification("{listener: {operation: patch, value: '[1, 2]'}}"),
            List.of(
                v(
                    m + ".listener.value",
                    "native Envoy resource is not valid: expected a YAML object"))),
        arguments(
            "removeNeedsNoValue",
            modification("{virtualHost: {operation: remove, match: {name: a}}}"),
            List.of()),
        arguments(
            "filterOperationIsKnown",
            modification("{httpFilter: {operation: add, value: 'name: a'}}"),
            List.of(
                v(
                    m + ".httpFilter.operation",
                    "invalid operation. Available operations: \"addFirst\", \"addLast\","
                        + " \"addBefore\", \"addAfter\", \"patch\", \"remove\""))),
        arguments(
            "addBeforeNamesAFilter",
            modification("{networkFilter: {operation: addBefore, value: 'name: a'}}"),
            List.of(
                v(
                    m + ".networkFilter.match.name",
                    "cannot be empty. You need to pick a filter before which this one will be"
                        + " added"))),
        arguments(
            "addAfterNamesAFilter",
            modification(
                "{httpFilter: {operation: addAfter, match: {origin: inbound}, value: 'name: a'}}"),
            List.of(
                v(
                    m + ".httpFilter.match.name",
                    "cannot be empty. You need to pick a filter after which this one will be"
                        + " added"))),
        arguments(
            "filterPatchNamesAFilter",
            modification("{httpFilter: {operation: patch, value: 'name: a'}}"),
            List.of(v(m + ".httpFilter.match.name", "cannot be empty"))),
        arguments(
            "virtualHostAddNamesNoVirtualHost",
            modification("{virtualHost: {operation: add, match: {name: a}, value: 'name: a'}}"),
            List.of(v(m + ".virtualHost.match.name", "cannot be defined"))),
        arguments(
            "matchOriginIsKnown",
            modification("{cluster: {operation: remove, match: {origin: sidecar}}}"),
            List.of(
                v(
                    m + ".cluster.match.origin",
                    "unknown origin \"sidecar\": expected one of inbound, outbound, transparent,"
                        + " prometheus, direct-access, ingress, gateway, egress"))),
        arguments(
            "matchTagsAreSelectors",
            modification("{listener: {operation: remove, match: {tags: {kuma.io/service: ''}}}}"),
            List.of(
                v(m + ".listener.match.tags[\"kuma.io/service\"]", "tag value must be non-empty"))),
        arguments("confIsOptional", pt(SELECTORS), List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void ruleIsEnforced(String rule, String yaml, List<Violation> expected) {
    assertThat(Violations.of(yaml)).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void malformedValueYamlIsReported() {
    assertThat(Violations.of(modification("{cluster: {operation: patch, value: '{a: [1'}}")))
        .singleElement()
        .satisfies(
            violation -> {
              assertThat(violation.field()).isEqualTo("conf.modifications[0].cluster.value");
              assertThat(violation.message())
                  .startsWith("native Envoy resource is not valid: malformed YAML: ");
            });
  }
}
