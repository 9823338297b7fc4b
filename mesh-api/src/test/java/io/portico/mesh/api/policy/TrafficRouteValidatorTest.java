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

/** TrafficRoute rules, and the S1 and SVC selector rules. */
class TrafficRouteValidatorTest {
  private static final String SOURCES = "sources: [{match: {kuma.io/service: web}}]\n";
  private static final String DESTINATIONS =
      "destinations: [{match: {kuma.io/service: backend}}]\n";
  private static final String TO_BACKEND = "destination: {kuma.io/service: backend}";

  private static String tr(String body) {
    return "type: TrafficRoute\nmesh: default\nname: tr\n" + body;
  }

  private static String conf(String conf) {
    return tr(SOURCES + DESTINATIONS + "conf: " + conf + "\n");
  }

  /** A conf with one HTTP rule. */
  private static String rule(String rule) {
    return conf("{" + TO_BACKEND + ", http: [" + rule + "]}");
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        arguments(
            "s1SourcesAreRequired",
            tr(DESTINATIONS + "conf: {" + TO_BACKEND + "}\n"),
            List.of(v("sources", "must have at least one element"))),
        arguments(
            "s1SourceNeedsTheServiceTag",
            tr(
                "sources: [{match: {version: v1}}]\n"
                    + DESTINATIONS
                    + "conf: {"
                    + TO_BACKEND
                    + "}\n"),
            List.of(v("sources[0].match", "mandatory tag \"kuma.io/service\" is missing"))),
        arguments(
            "s1SourceNeedsATag",
            tr("sources: [{match: {}}]\n" + DESTINATIONS + "conf: {" + TO_BACKEND + "}\n"),
            List.of(
                v("sources[0].match", "must have at least one tag"),
                v("sources[0].match", "mandatory tag \"kuma.io/service\" is missing"))),
        arguments(
            "svcDestinationsAreRequired",
            tr(SOURCES + "conf: {" + TO_BACKEND + "}\n"),
            List.of(v("destinations", "must have at least one element"))),
        arguments(
            "svcDestinationRejectsOtherTags",
            tr(
                SOURCES
                    + "destinations: [{match: {kuma.io/service: backend, version: v1}}]\n"
                    + "conf: {"
                    + TO_BACKEND
                    + "}\n"),
            List.of(
                v("destinations[0].match", "must consist of exactly one tag \"kuma.io/service\""),
                v("destinations[0].match[\"version\"]", "tag \"version\" is not allowed"))),
        arguments(
            "svcDestinationNeedsTheServiceTag",
            tr(SOURCES + "destinations: [{match: {}}]\nconf: {" + TO_BACKEND + "}\n"),
            List.of(
                v("destinations[0].match", "must consist of exactly one tag \"kuma.io/service\""))),
        arguments(
            "confIsRequired", tr(SOURCES + DESTINATIONS), List.of(v("conf", "cannot be empty"))),
        arguments(
            "confNeedsDestinationOrSplit",
            conf("{loadBalancer: {roundRobin: {}}}"),
            List.of(v("conf", "requires either \"destination\" or \"split\""))),
        arguments(
            "confCannotHaveDestinationAndSplit",
            conf(
                "{"
                    + TO_BACKEND
                    + ", split: [{weight: 1, destination: {kuma.io/service: backend}}]}"),
            List.of(v("conf", "\"split\" cannot be defined at the same time as \"destination\""))),
        arguments(
            "destinationNeedsTheServiceTag",
            conf("{destination: {version: v1}}"),
            List.of(v("conf.destination", "mandatory tag \"kuma.io/service\" is missing"))),
        arguments(
            "splitWeightIsRequired",
            conf("{split: [{destination: {kuma.io/service: backend}}]}"),
            List.of(
                v("conf.split[0].weight", "needs to be defined"),
                v("conf.split", "there must be at least one split entry with weight above 0"))),
        arguments(
            "splitNeedsAPositiveWeight",
            conf(
                "{split: [{weight: 0, destination: {kuma.io/service: a}},"
                    + " {weight: 0, destination: {kuma.io/service: b}}]}"),
            List.of(v("conf.split", "there must be at least one split entry with weight above 0"))),
        arguments(
            "splitDestinationNeedsTheServiceTag",
            conf("{split: [{weight: 1, destination: {version: v2}}]}"),
            List.of(
                v("conf.split[0].destination", "mandatory tag \"kuma.io/service\" is missing"))),
        arguments(
            "httpRuleNeedsAMatch",
            rule("{" + TO_BACKEND + "}"),
            List.of(
                v(
                    "conf.http[0].match",
                    "must be present and contain at least one of the elements: \"method\","
                        + " \"path\" or \"headers\""))),
        arguments(
            "httpRuleNeedsDestinationOrSplit",
            rule("{match: {path: {prefix: /}}}"),
            List.of(v("conf.http[0]", "requires either \"destination\" or \"split\""))),
        arguments(
            "stringMatcherNeedsAKind",
            rule("{match: {path: {}}, " + TO_BACKEND + "}"),
            List.of(
                v(
                    "conf.http[0].match.path",
                    "cannot be empty. Available options: \"exact\", \"prefix\" or \"regex\""))),
        arguments(
            "stringMatcherHasOnlyOneKind",
            rule("{match: {path: {prefix: /a, exact: /a}}, " + TO_BACKEND + "}"),
            List.of(
                v(
                    "conf.http[0].match.path",
                    "must have only one of \"exact\", \"prefix\" or \"regex\""))),
        arguments(
            "prefixMatcherCannotBeEmpty",
            rule("{match: {method: {prefix: ''}}, " + TO_BACKEND + "}"),
            List.of(v("conf.http[0].match.method.prefix", "cannot be empty"))),
        arguments(
            "emptyExactMatcherIsValid",
            rule("{match: {headers: {x-empty: {exact: ''}}}, " + TO_BACKEND + "}"),
            List.of()),
        arguments(
            "regexMatcherMustCompile",
            rule("{match: {path: {regex: '(a'}}, " + TO_BACKEND + "}"),
            List.of(
                v(
                    "conf.http[0].match.path.regex",
                    "must be a valid regular expression: missing closing )"))),
        arguments(
            "headerMatcherNeedsAKind",
            rule("{match: {headers: {x-a: {}}}, " + TO_BACKEND + "}"),
            List.of(
                v(
                    "conf.http[0].match.headers[\"x-a\"]",
                    "cannot be empty. Available options: \"exact\", \"prefix\" or \"regex\""))),
        arguments(
            "rewritePrefixNeedsAPrefixMatch",
            rule(
                "{match: {path: {exact: /a}}, modify: {path: {rewritePrefix: /b}}, "
                    + TO_BACKEND
                    + "}"),
            List.of(
                v(
                    "conf.http[0].modify.path.rewritePrefix",
                    "can only be set when .http.match.path.prefix is not empty"))),
        arguments(
            "pathRewriteNeedsOneKind",
            rule("{match: {path: {prefix: /a}}, modify: {path: {}}, " + TO_BACKEND + "}"),
            List.of(
                v(
                    "conf.http[0].modify.path",
                    "either \"rewritePrefix\" or \"regex\" has to be set"))),
        arguments(
            "regexRewriteNeedsPatternAndSubstitution",
            rule("{match: {path: {prefix: /a}}, modify: {path: {regex: {}}}, " + TO_BACKEND + "}"),
            List.of(
                v("conf.http[0].modify.path.regex.pattern", "cannot be empty"),
                v("conf.http[0].modify.path.regex.substitution", "cannot be empty"))),
        arguments(
            "hostRewriteNeedsOneKind",
            rule(
                "{match: {path: {prefix: /a}}, modify: {host: {value: a, fromPath: {pattern: x,"
                    + " substitution: y}}}, "
                    + TO_BACKEND
                    + "}"),
            List.of(
                v("conf.http[0].modify.host", "either \"value\" or \"fromPath\" has to be set"))),
        arguments(
            "hostHeaderCannotBeAdded",
            rule(
                "{match: {path: {prefix: /a}}, modify: {requestHeaders: {add: [{name: Host, value:"
                    + " x}]}}, "
                    + TO_BACKEND
                    + "}"),
            List.of(
                v(
                    "conf.http[0].modify.requestHeaders.add[0].name",
                    "host header and HTTP/2 pseudo-headers are not allowed to be modified"))),
        arguments(
            "pseudoHeaderCannotBeRemoved",
            rule(
                "{match: {path: {prefix: /a}}, modify: {responseHeaders: {remove: [{name:"
                    + " ':status'}]}}, "
                    + TO_BACKEND
                    + "}"),
            List.of(
                v(
                    "conf.http[0].modify.responseHeaders.remove[0].name",
                    "host header and HTTP/2 pseudo-headers are not allowed to be modified"))),
        arguments(
            "addedHeaderNeedsNameAndValue",
            rule(
                "{match: {path: {prefix: /a}}, modify: {requestHeaders: {add: [{append: true}]}}, "
                    + TO_BACKEND
                    + "}"),
            List.of(
                v("conf.http[0].modify.requestHeaders.add[0].name", "cannot be empty"),
                v("conf.http[0].modify.requestHeaders.add[0].value", "cannot be empty"))),
        arguments(
            "ringHashNeedsAHashFunction",
            conf("{" + TO_BACKEND + ", loadBalancer: {ringHash: {minRingSize: 1}}}"),
            List.of(
                v(
                    "conf.loadBalancer.ringHash.hashFunction",
                    "must have a valid hash function: XX_HASH or MURMUR_HASH_2"))),
        arguments(
            "ringHashRejectsUnknownHashFunctions",
            conf("{" + TO_BACKEND + ", loadBalancer: {ringHash: {hashFunction: MD5}}}"),
            List.of(
                v(
                    "conf.loadBalancer.ringHash.hashFunction",
                    "must have a valid hash function: XX_HASH or MURMUR_HASH_2"))),
        arguments(
            "leastRequestComparesAtLeastTwo",
            conf("{" + TO_BACKEND + ", loadBalancer: {leastRequest: {choiceCount: 1}}}"),
            List.of(
                v(
                    "conf.loadBalancer.leastRequest.choiceCount",
                    "value must be greater than or equal to 2"))),
        arguments(
            "onlyOneLoadBalancer",
            conf("{" + TO_BACKEND + ", loadBalancer: {roundRobin: {}, maglev: {}}}"),
            List.of(
                v(
                    "conf.loadBalancer",
                    "must have only one of \"roundRobin\", \"leastRequest\", \"ringHash\","
                        + " \"random\" or \"maglev\""))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void ruleIsEnforced(String rule, String yaml, List<Violation> expected) {
    assertThat(Violations.of(yaml)).containsExactlyInAnyOrderElementsOf(expected);
  }
}
