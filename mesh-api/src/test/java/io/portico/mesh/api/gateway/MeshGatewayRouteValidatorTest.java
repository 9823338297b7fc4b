package io.portico.mesh.api.gateway;

import static io.portico.mesh.api.ValidationCases.v;
import static io.portico.mesh.api.ValidationCases.violationsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.portico.mesh.api.ValidationCases;
import io.portico.mesh.api.validation.Violation;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The validation table of spec/gateway.md §1.3, the Portico decisions and the later features. */
class MeshGatewayRouteValidatorTest {
  private static final String SELECTORS =
      """
      selectors:
      - match:
          kuma.io/service: gw
      """;
  private static final String BACKEND = "backends:\n- destination:\n    kuma.io/service: backend\n";
  private static final String MATCH_ALL = "matches:\n- path:\n    match: PREFIX\n    value: /\n";

  static String route(String body) {
    return "type: MeshGatewayRoute\nmesh: default\nname: r\n" + body;
  }

  /** A route with the standard selector and the given HTTP rule list items. */
  static String rules(String items) {
    return route(SELECTORS + "conf:\n  http:\n    rules:\n" + items.indent(4));
  }

  /** One rule made of the given lines (matches, filters, backends). */
  static String rule(String... parts) {
    StringBuilder out = new StringBuilder();
    for (String part : parts) {
      out.append(part);
    }
    String body = out.toString();
    return rules("- " + body.indent(2).substring(2));
  }

  /** One rule matching every path, with the given filter list items and the given tail. */
  static String filters(String items, String tail) {
    return rule(MATCH_ALL, "filters:\n" + items, tail);
  }

  static String tcp(String items) {
    return route(SELECTORS + "conf:\n  tcp:\n    rules:\n" + items.indent(4));
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        arguments(
            "noSelectorsIsRejected",
            route(
                "conf:\n  http:\n    rules:\n    - "
                    + MATCH_ALL.indent(6).substring(6)
                    + BACKEND.indent(6)),
            List.of(v("selectors", "must have at least one element"))),
        arguments(
            "selectorWithoutTagsIsRejected",
            route(
                "selectors:\n- match: {}\nconf:\n  tcp:\n    rules:\n    - "
                    + BACKEND.indent(6).substring(6)),
            List.of(
                v("selectors[0].match", "must have at least one tag"),
                v("selectors[0].match", "mandatory tag \"kuma.io/service\" is missing"))),
        arguments(
            "selectorWithoutServiceTagIsRejected",
            route(
                "selectors:\n- match:\n    port: http\nconf:\n  tcp:\n    rules:\n    - "
                    + BACKEND.indent(6).substring(6)),
            List.of(v("selectors[0].match", "mandatory tag \"kuma.io/service\" is missing"))),
        arguments(
            "routeWithoutConfIsRejected", route(SELECTORS), List.of(v("conf", "cannot be empty"))),
        arguments(
            "routeWithNeitherHttpNorTcpIsRejected",
            route(SELECTORS + "conf: {}\n"),
            List.of(v("conf", "cannot be empty"))),
        arguments(
            "httpRouteWithoutRulesStopsThere",
            route(SELECTORS + "conf:\n  http:\n    rules: []\n"),
            List.of(v("conf.http.rules", "cannot be empty"))),
        arguments(
            "ruleWithoutMatchesStopsThere",
            rules("- filters:\n  - redirect: {}\n"),
            List.of(v("conf.http.rules[0].matches", "cannot be empty"))),
        arguments(
            "emptyMatchIsRejected",
            rule("matches:\n- {}\n", BACKEND),
            List.of(v("conf.http.rules[0].matches[0]", "cannot be empty"))),
        arguments(
            "regexPathWithoutValueIsRejected",
            rule("matches:\n- path:\n    match: REGEX\n", BACKEND),
            List.of(v("conf.http.rules[0].matches[0].value", "cannot be empty"))),
        arguments(
            "prefixWithTrailingSlashIsRejected",
            rule("matches:\n- path:\n    match: PREFIX\n    value: /api/\n", BACKEND),
            List.of(
                v(
                    "conf.http.rules[0].matches[0].value",
                    "does not need a trailing slash because only a `/`-separated prefix or an"
                        + " entire path is matched"))),
        arguments(
            "relativePrefixIsRejected",
            rule("matches:\n- path:\n    match: PREFIX\n    value: api\n", BACKEND),
            List.of(v("conf.http.rules[0].matches[0].value", "must be an absolute path"))),
        arguments(
            "relativeExactPathIsRejected",
            rule("matches:\n- path:\n    value: api\n", BACKEND),
            List.of(v("conf.http.rules[0].matches[0].value", "must be an absolute path"))),
        arguments(
            "emptyExactPathIsRejected",
            rule("matches:\n- path:\n    match: EXACT\n", BACKEND),
            List.of(v("conf.http.rules[0].matches[0].value", "must be an absolute path"))),
        arguments(
            "headerMatchWithoutNameOrValueIsRejected",
            rule("matches:\n- headers:\n  - match: EXACT\n", BACKEND),
            List.of(
                v("conf.http.rules[0].matches[0].headers[0].name", "cannot be empty"),
                v("conf.http.rules[0].matches[0].headers[0].value", "cannot be empty"))),
        arguments(
            "queryMatchWithoutNameOrValueIsRejected",
            rule("matches:\n- query_parameters:\n  - match: REGEX\n", BACKEND),
            List.of(
                v("conf.http.rules[0].matches[0].query_parameters[0].name", "cannot be empty"),
                v("conf.http.rules[0].matches[0].query_parameters[0].value", "cannot be empty"))),
        arguments(
            "emptyRequestHeaderFilterIsRejected",
            filters("- request_header: {}\n", BACKEND),
            List.of(v("conf.http.rules[0].filters[0].request_header", "cannot be empty"))),
        arguments(
            "requestHeaderEntriesNeedNamesAndValues",
            filters(
                """
                - requestHeader:
                    set:
                    - name: x-a
                    add:
                    - value: b
                    remove:
                    - ""
                """,
                BACKEND),
            List.of(
                v("conf.http.rules[0].filters[0].request_header.set[0].value", "cannot be empty"),
                v("conf.http.rules[0].filters[0].request_header.add[0].name", "cannot be empty"),
                v("conf.http.rules[0].filters[0].request_header.remove[0]", "cannot be empty"))),
        arguments(
            "redirectWithoutSchemeOrHostnameIsRejected",
            filters("- redirect:\n    status_code: 301\n", ""),
            List.of(
                v("conf.http.rules[0].filters[0].redirect.scheme", "cannot be empty"),
                v("conf.http.rules[0].filters[0].redirect.hostname", "cannot be empty"))),
        arguments(
            "redirectPortAbove65535IsRejected",
            filters(
                "- redirect:\n    scheme: https\n    hostname: a.example.com\n    port: 70000\n"
                    + "    statusCode: 301\n",
                ""),
            List.of(
                v(
                    "conf.http.rules[0].filters[0].redirect.port",
                    "port must be in the range [1, 65535]"))),
        arguments(
            "redirectWithoutStatusIsRejected",
            filters("- redirect:\n    scheme: https\n    hostname: a.example.com\n", ""),
            List.of(
                v(
                    "conf.http.rules[0].filters[0].redirect.status_code",
                    "must be in the range [300, 308]"))),
        arguments(
            "redirectStatusAbove308IsRejected",
            filters(
                "- redirect:\n    scheme: https\n    hostname: a.example.com\n    statusCode: 309\n",
                ""),
            List.of(
                v(
                    "conf.http.rules[0].filters[0].redirect.status_code",
                    "must be in the range [300, 308]"))),
        arguments(
            "mirrorWithoutPercentageIsRejected",
            filters(
                "- mirror:\n    backend:\n      destination:\n        kuma.io/service: m\n",
                BACKEND),
            List.of(v("conf.http.rules[0].filters[0].mirror.percentage", "cannot be empty"))),
        arguments(
            "mirrorPercentageAbove100IsRejected",
            filters(
                "- mirror:\n    percentage: 100.5\n    backend:\n      destination:\n"
                    + "        kuma.io/service: m\n",
                BACKEND),
            List.of(
                v(
                    "conf.http.rules[0].filters[0].mirror.percentage",
                    "has to be in [0.0 - 100.0] range"))),
        arguments(
            "mirrorWithoutBackendIsRejected",
            filters("- mirror:\n    percentage: 10\n", BACKEND),
            List.of(v("conf.http.rules[0].filters[0].mirror.backend", "cannot be empty"))),
        arguments(
            "mirrorBackendWithoutServiceIsRejected",
            filters(
                "- mirror:\n    percentage: 10\n    backend:\n      destination:\n        version: v2\n",
                BACKEND),
            List.of(
                v(
                    "conf.http.rules[0].filters[0].mirror.backend",
                    "mandatory tag \"kuma.io/service\" is missing"))),
        arguments(
            "replacePrefixMatchWithoutPrefixMatchIsRejected",
            rule(
                "matches:\n- path:\n    value: /exact\n",
                "filters:\n- rewrite:\n    replacePrefixMatch: /new\n",
                BACKEND),
            List.of(
                v(
                    "conf.http.rules[0].filters[0].rewrite.replacePrefixMatch",
                    "cannot be used without a match on path prefix"))),
        arguments(
            "redirectWithOtherFiltersSkipsBackendChecks",
            filters(
                """
                - redirect:
                    scheme: https
                    hostname: a.example.com
                    statusCode: 301
                - requestHeader:
                    remove: [x-a]
                """,
                BACKEND),
            List.of(
                v("conf.http.rules[0].filters", "redirects cannot be used with other filters"))),
        arguments(
            "ruleWithoutBackendsIsRejected",
            rule(MATCH_ALL),
            List.of(v("conf.http.rules[0].backends", "cannot be empty"))),
        arguments(
            "backendsWithRedirectAreRejected",
            filters(
                "- redirect:\n    scheme: https\n    hostname: a.example.com\n    statusCode: 302\n",
                BACKEND),
            List.of(v("conf.http.rules[0].backends", "must be empty when using redirect filters"))),
        arguments(
            "backendWithoutServiceTagIsRejected",
            rule(MATCH_ALL, "backends:\n- destination:\n    version: v1\n"),
            List.of(
                v(
                    "conf.http.rules[0].backends[0]",
                    "mandatory tag \"kuma.io/service\" is missing"))),
        arguments(
            "backendWithoutTagsIsRejected",
            rule(MATCH_ALL, "backends:\n- weight: 1\n"),
            List.of(
                v("conf.http.rules[0].backends[0]", "must have at least one tag"),
                v(
                    "conf.http.rules[0].backends[0]",
                    "mandatory tag \"kuma.io/service\" is missing"))),
        // Portico decisions
        arguments(
            "redirectStatus304IsRejected",
            filters(
                "- redirect:\n    scheme: https\n    hostname: a.example.com\n    statusCode: 304\n",
                ""),
            List.of(
                v(
                    "conf.http.rules[0].filters[0].redirect.status_code",
                    "status code 304 is not a redirect: expected one of 301, 302, 303, 307, 308"))),
        arguments(
            "redirectStatus300IsRejected",
            filters(
                "- redirect:\n    scheme: https\n    hostname: a.example.com\n    statusCode: 300\n",
                ""),
            List.of(
                v(
                    "conf.http.rules[0].filters[0].redirect.status_code",
                    "status code 300 is not a redirect: expected one of 301, 302, 303, 307, 308"))),
        arguments(
            "invalidRouteHostnamesAreRejected",
            route(
                SELECTORS
                    + "conf:\n  http:\n    hostnames:\n    - Foo.example.com\n    - '*.a.*.b'\n"
                    + "    - '*'\n    - ''\n    - bar.example.com\n    - '*.example.com'\n"
                    + "    rules:\n    - "
                    + (MATCH_ALL + BACKEND).indent(6).substring(6)),
            List.of(
                v("conf.http.hostnames[0]", "invalid hostname"),
                v("conf.http.hostnames[1]", "invalid wildcard domain"),
                v(
                    "conf.http.hostnames[2]",
                    "\"*\" is not allowed: omit hostnames to match every host"),
                v("conf.http.hostnames[3]", "cannot be empty"))),
        arguments(
            "tcpRouteWithoutRulesIsRejected",
            route(SELECTORS + "conf:\n  tcp: {}\n"),
            List.of(v("conf.tcp.rules", "cannot be empty"))),
        arguments(
            "tcpRuleWithoutBackendsIsRejected",
            tcp("- backends: []\n"),
            List.of(v("conf.tcp.rules[0].backends", "cannot be empty"))),
        arguments(
            "tcpBackendWithoutServiceIsRejected",
            tcp("- backends:\n  - destination:\n      app: redis\n"),
            List.of(
                v(
                    "conf.tcp.rules[0].backends[0]",
                    "mandatory tag \"kuma.io/service\" is missing"))),
        arguments(
            "allZeroWeightsOfSeveralTcpBackendsAreRejected",
            tcp(
                """
                - backends:
                  - destination:
                      kuma.io/service: a
                  - weight: 0
                    destination:
                      kuma.io/service: b
                """),
            List.of(
                v(
                    "conf.tcp.rules[0].backends",
                    "weights cannot all be zero: at least one of several backends needs a weight"))),
        arguments(
            "allZeroWeightsOfSeveralHttpBackendsAreRejected",
            rule(
                MATCH_ALL,
                "backends:\n- destination:\n    kuma.io/service: a\n- destination:\n    kuma.io/service: b\n"),
            List.of(
                v(
                    "conf.http.rules[0].backends",
                    "weights cannot all be zero: at least one of several backends needs a weight"))),
        arguments(
            "httpAndTcpTogetherAreRejected",
            route(
                SELECTORS
                    + "conf:\n  tcp:\n    rules:\n    - "
                    + BACKEND.indent(6).substring(6)
                    + "  http:\n    rules:\n    - "
                    + (MATCH_ALL + BACKEND).indent(6).substring(6)),
            List.of(v("conf", "exactly one of http, tcp must be set"))),
        arguments(
            "emptyFilterIsRejected",
            filters("- {}\n", BACKEND),
            List.of(v("conf.http.rules[0].filters[0]", "cannot be empty"))),
        arguments(
            "filterWithTwoActionsIsRejected",
            filters(
                "- requestHeader:\n    remove: [a]\n  rewrite:\n    replaceFull: /x\n", BACKEND),
            List.of(
                v(
                    "conf.http.rules[0].filters[0]",
                    "exactly one of request_header, response_header, mirror, redirect, rewrite"
                        + " must be set"))),
        arguments(
            "rewriteWithTwoPathReplacementsIsRejected",
            filters("- rewrite:\n    replaceFull: /x\n    replacePrefixMatch: /y\n", BACKEND),
            List.of(
                v(
                    "conf.http.rules[0].filters[0].rewrite",
                    "only one of replaceFull and replacePrefixMatch can be set"))),
        arguments(
            "invalidRegexIsRejected",
            rule(
                "matches:\n- path:\n    match: REGEX\n    value: '/a('\n"
                    + "  headers:\n  - match: REGEX\n    name: x\n    value: '['\n",
                BACKEND),
            List.of(
                v(
                    "conf.http.rules[0].matches[0].value",
                    "invalid regular expression: missing closing )"),
                v(
                    "conf.http.rules[0].matches[0].headers[0].value",
                    "invalid regular expression: missing closing ]"))),
        // later features of the same API (spec/gateway.md §3.7)
        arguments(
            "absentHeaderMatchWithValueIsRejected",
            rule(
                "matches:\n- headers:\n  - match: ABSENT\n    name: x-debug\n    value: \"1\"\n",
                BACKEND),
            List.of(v("conf.http.rules[0].matches[0].headers[0].value", "cannot be set"))),
        arguments(
            "presentHeaderMatchWithValueIsRejected",
            rule("matches:\n- headers:\n  - match: PRESENT\n    name: x\n    value: y\n", BACKEND),
            List.of(v("conf.http.rules[0].matches[0].headers[0].value", "cannot be set"))),
        arguments(
            "emptyResponseHeaderFilterIsRejected",
            filters("- response_header:\n    set:\n    - name: x-a\n", BACKEND),
            List.of(
                v(
                    "conf.http.rules[0].filters[0].response_header.set[0].value",
                    "cannot be empty"))),
        arguments(
            "hostToBackendHostnameWithHostHeaderIsRejected",
            filters(
                """
                - rewrite:
                    hostToBackendHostname: true
                - requestHeader:
                    set:
                    - name: Host
                      value: a.example.com
                    add:
                    - name: x-a
                      value: b
                """,
                BACKEND),
            List.of(
                v(
                    "conf.http.rules[0].filters[1].request_header.set[0].name",
                    "cannot modify 'Host' header, when route has set"
                        + " 'rewrite.host_to_backend_hostname' option"))),
        arguments(
            "redirectPathPrefixWithoutPrefixMatchIsRejected",
            rule(
                "matches:\n- path:\n    value: /old\n",
                "filters:\n- redirect:\n    statusCode: 301\n    path:\n      replacePrefixMatch: /new\n"),
            List.of(
                v(
                    "conf.http.rules[0].filters[0].redirect.path.replacePrefixMatch",
                    "cannot be used without a match on path prefix"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void rejects(String rule, String yaml, List<Violation> expected) {
    assertThat(violationsOf(yaml)).containsExactlyElementsOf(expected);
  }

  static Stream<Arguments> valid() {
    return Stream.of(
        arguments("matchAllRuleIsAccepted", rule(MATCH_ALL, BACKEND)),
        arguments(
            "prefixRootIsAccepted",
            rule("matches:\n- path:\n    match: PREFIX\n    value: /\n  method: GET\n", BACKEND)),
        arguments(
            "redirectAloneIsAccepted",
            filters(
                "- redirect:\n    scheme: https\n    hostname: a.example.com\n    port: 8443\n"
                    + "    statusCode: 308\n",
                "")),
        arguments(
            "redirectWithPathMayKeepTheRequestSchemeAndHostname",
            filters("- redirect:\n    statusCode: 301\n    path:\n      replaceFull: /new\n", "")),
        arguments(
            "presentHeaderMatchWithoutValueIsAccepted",
            rule("matches:\n- headers:\n  - match: PRESENT\n    name: x-debug\n", BACKEND)),
        arguments(
            "weightedBackendsAreAccepted",
            rule(
                MATCH_ALL,
                "backends:\n- weight: 0\n  destination:\n    kuma.io/service: a\n"
                    + "- weight: 1\n  destination:\n    kuma.io/service: b\n")),
        arguments(
            "mirrorAndHeaderFiltersAreAccepted",
            filters(
                """
                - mirror:
                    percentage: 0
                    backend:
                      weight: 0
                      destination:
                        kuma.io/service: shadow
                - request_header:
                    set:
                    - name: Host
                      value: a.example.com
                - response_header:
                    remove: [server]
                - rewrite:
                    replace_prefix_match: /v2
                """,
                BACKEND)),
        arguments(
            "hostToBackendHostnameWithOtherHeadersIsAccepted",
            filters(
                "- rewrite:\n    host_to_backend_hostname: true\n"
                    + "- requestHeader:\n    add:\n    - name: x-a\n      value: b\n",
                BACKEND)),
        arguments(
            "singleZeroWeightBackendIsAccepted",
            tcp("- backends:\n  - weight: 0\n    destination:\n      kuma.io/service: redis\n")),
        arguments(
            "routeHostnamesAreAccepted",
            route(
                SELECTORS
                    + "conf:\n  http:\n    hostnames:\n    - foo.example.com\n    - '*.example.com'\n"
                    + "    - localhost\n    rules:\n    - "
                    + (MATCH_ALL + BACKEND).indent(6).substring(6))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valid")
  void accepts(String rule, String yaml) {
    assertThat(violationsOf(yaml)).isEmpty();
  }

  @Test
  void pathMatchDefaultsToExactAndMethodToNone() {
    MeshGatewayRouteSpec spec =
        (MeshGatewayRouteSpec)
            ValidationCases.CODEC
                .readResource(rule("matches:\n- path:\n    value: /x\n", BACKEND))
                .spec();
    MeshGatewayRouteSpec.Match match = spec.conf().http().rules().get(0).matches().get(0);
    assertThat(match.path().match()).isEqualTo(MeshGatewayRouteSpec.PathMatchType.EXACT);
    assertThat(match.method()).isEqualTo(MeshGatewayRouteSpec.HttpMethod.NONE);
  }
}
