package io.portico.cp.compiler.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.cp.compiler.plan.MatchPlan.PathKind;
import io.portico.cp.compiler.plan.MatchPlan.PathMatch;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.Selector;
import io.portico.mesh.api.gateway.MeshGatewayRouteSpec;
import io.portico.mesh.api.gateway.MeshGatewayRouteSpec.HeaderMatch;
import io.portico.mesh.api.gateway.MeshGatewayRouteSpec.HeaderMatchType;
import io.portico.mesh.api.gateway.MeshGatewayRouteSpec.HttpMethod;
import io.portico.mesh.api.gateway.MeshGatewayRouteSpec.PathMatchType;
import io.portico.mesh.api.gateway.MeshGatewayRouteSpec.QueryMatch;
import io.portico.mesh.api.gateway.MeshGatewayRouteSpec.QueryMatchType;
import io.portico.mesh.api.types.ResourceTypes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** One test per rule of {@link EntryPrecedence} (spec/gateway.md §3.3, decision Q1). */
class EntryPrecedenceTest {

  @Test
  void exactPathBeforePrefixWhateverTheirConditions() {
    RouteEntryPlan exact = entry().exact("/x").build();
    RouteEntryPlan prefixWithEverything =
        entry().prefix("/x/").method(HttpMethod.GET).header("h", "1").query("q", "1").build();
    assertFirst(exact, prefixWithEverything);
  }

  @Test
  void prefixBeforeRegexWhateverTheirLengths() {
    assertFirst(entry().prefix("/a/").build(), entry().regex("/a/b/c/d/e/f").build());
  }

  @Test
  void longerPathFirstWithinAKind() {
    assertFirst(
        entry().prefix("/api/").build(), entry().prefix("/").method(HttpMethod.GET).build());
    assertFirst(entry().exact("/abcd").build(), entry().exact("/abc").header("h", "1").build());
    assertFirst(entry().regex("/a.*b").build(), entry().regex("/.*").build());
  }

  @Test
  void pathLengthCountsBytes() {
    // "/é" is 3 bytes, "/ab" too: the length ties and the byte order decides (0x61 < 0xC3).
    assertFirst(entry().exact("/ab").build(), entry().exact("/é").build());
    assertFirst(entry().exact("/éa").build(), entry().exact("/ab").build());
  }

  @Test
  void methodBeforeNoMethod() {
    assertFirst(
        entry().prefix("/a/").method(HttpMethod.POST).build(),
        entry().prefix("/a/").header("h", "1").header("i", "2").build());
  }

  @Test
  void moreConditionsFirst() {
    // Kuma's golden 10: two REGEX headers before one EXACT header, both on PREFIX /.
    assertFirst(
        entry().prefix("/").regexHeader("a", "x.*").regexHeader("b", "y.*").build(),
        entry().prefix("/").header("c", "1").build());
  }

  @Test
  void moreExactConditionsFirstAmongAsManyConditions() {
    assertFirst(
        entry().prefix("/").header("a", "1").query("b", "2").build(),
        entry().prefix("/").header("a", "1").regexQuery("b", ".*").build());
  }

  @Test
  void explicitExactBeforeTheExactEntryOfAPrefixWhenTheRuleOfThePrefixComesFirst() {
    // Kuma: with equal conditions, /x goes to the EXACT /x whatever the rule order.
    assertFirst(entry().rule(1).exact("/x").build(), entry().rule(0).exactOfPrefix("/x").build());
    assertFirst(
        entry().route("b").exact("/x").build(), entry().route("a").exactOfPrefix("/x").build());
  }

  @Test
  void explicitExactBeforeTheExactEntryOfAPrefixWhenTheRuleOfTheExactComesFirst() {
    assertFirst(entry().rule(0).exact("/x").build(), entry().rule(1).exactOfPrefix("/x").build());
    assertFirst(
        entry().route("a").exact("/x").build(), entry().route("b").exactOfPrefix("/x").build());
  }

  @Test
  void explicitExactBeforeTheExactEntryOfAPrefixWithTheSameConditions() {
    assertFirst(
        entry().rule(1).exact("/x").method(HttpMethod.GET).header("h", "1").build(),
        entry().rule(0).exactOfPrefix("/x").method(HttpMethod.GET).header("h", "1").build());
  }

  @Test
  void moreSpecificExactEntryOfAPrefixBeforeALessSpecificExplicitExact() {
    // Decision Q3: the expansion is an ordinary exact entry; only a tie favours the explicit one.
    assertFirst(
        entry().rule(0).exactOfPrefix("/x").header("h", "1").build(),
        entry().rule(1).exact("/x").build());
  }

  @Test
  void smallerPathStringFirstOtherwise() {
    assertFirst(entry().exact("/abc").build(), entry().exact("/abd").build());
  }

  @Test
  void routeNameBreaksTies() {
    assertFirst(entry().route("a").exact("/x").build(), entry().route("b").exact("/x").build());
  }

  @Test
  void ruleIndexBreaksTiesWithinARoute() {
    assertFirst(entry().rule(0).exact("/x").build(), entry().rule(1).exact("/x").build());
  }

  @Test
  void matchIndexBreaksTiesWithinARule() {
    assertFirst(entry().match(0).exact("/x").build(), entry().match(2).exact("/x").build());
  }

  @Test
  void orderIsTotalAndIndependentOfInputOrder() {
    List<RouteEntryPlan> entries = new ArrayList<>();
    String[] paths = {"/", "/a/", "/a", "/ab", "/b"};
    int n = 0;
    for (String path : paths) {
      entries.add(entry().route("r" + (n % 3)).rule(n % 2).match(n++).exactOfPrefix(path).build());
      for (PathKind kind : PathKind.values()) {
        entries.add(entry().route("r" + (n % 3)).rule(n % 2).match(n++).path(kind, path).build());
        entries.add(
            entry()
                .route("r" + (n % 3))
                .rule(n % 2)
                .match(n++)
                .path(kind, path)
                .method(HttpMethod.GET)
                .header("h", "v")
                .build());
        entries.add(
            entry()
                .route("r" + (n % 3))
                .rule(n % 2)
                .match(n++)
                .path(kind, path)
                .regexHeader("h", "v")
                .regexHeader("i", "w")
                .build());
      }
    }
    for (RouteEntryPlan a : entries) {
      for (RouteEntryPlan b : entries) {
        int ab = Integer.signum(EntryPrecedence.ORDER.compare(a, b));
        int ba = Integer.signum(EntryPrecedence.ORDER.compare(b, a));
        assertThat(ab).isEqualTo(-ba);
        assertThat(ab == 0).isEqualTo(a.equals(b));
      }
    }
    List<RouteEntryPlan> sorted = new ArrayList<>(entries);
    sorted.sort(EntryPrecedence.ORDER);
    for (long seed = 0; seed < 5; seed++) {
      List<RouteEntryPlan> shuffled = new ArrayList<>(entries);
      Collections.shuffle(shuffled, new Random(seed));
      shuffled.sort(EntryPrecedence.ORDER);
      assertThat(shuffled).isEqualTo(sorted);
    }
  }

  private static void assertFirst(RouteEntryPlan first, RouteEntryPlan second) {
    assertThat(EntryPrecedence.ORDER.compare(first, second)).as("first before second").isNegative();
    assertThat(EntryPrecedence.ORDER.compare(second, first)).as("second after first").isPositive();
  }

  static EntryBuilder entry() {
    return new EntryBuilder();
  }

  /** Builds one entry whose route holds the match at (rule, match), padded with filler. */
  static final class EntryBuilder {
    private String route = "route";
    private int rule;
    private int match;
    private PathKind kind = PathKind.PREFIX;
    private boolean isExactOfPrefix;
    private String path = "/";
    private HttpMethod method = HttpMethod.NONE;
    private final List<HeaderMatch> headers = new ArrayList<>();
    private final List<QueryMatch> query = new ArrayList<>();

    EntryBuilder route(String name) {
      route = name;
      return this;
    }

    EntryBuilder rule(int index) {
      rule = index;
      return this;
    }

    EntryBuilder match(int index) {
      match = index;
      return this;
    }

    EntryBuilder path(PathKind pathKind, String value) {
      kind = pathKind;
      path = value;
      isExactOfPrefix = false;
      return this;
    }

    /** The exact entry {@code value} that a {@code PREFIX value} match expands to (§3.1). */
    EntryBuilder exactOfPrefix(String value) {
      path(PathKind.EXACT, value);
      isExactOfPrefix = true;
      return this;
    }

    EntryBuilder exact(String value) {
      return path(PathKind.EXACT, value);
    }

    EntryBuilder prefix(String value) {
      return path(PathKind.PREFIX, value);
    }

    EntryBuilder regex(String value) {
      return path(PathKind.REGEX, value);
    }

    EntryBuilder method(HttpMethod m) {
      method = m;
      return this;
    }

    EntryBuilder header(String name, String value) {
      headers.add(new HeaderMatch(HeaderMatchType.EXACT, name, value));
      return this;
    }

    EntryBuilder regexHeader(String name, String value) {
      headers.add(new HeaderMatch(HeaderMatchType.REGEX, name, value));
      return this;
    }

    EntryBuilder query(String name, String value) {
      query.add(new QueryMatch(QueryMatchType.EXACT, name, value));
      return this;
    }

    EntryBuilder regexQuery(String name, String value) {
      query.add(new QueryMatch(QueryMatchType.REGEX, name, value));
      return this;
    }

    RouteEntryPlan build() {
      PathMatchType declared =
          switch (kind) {
            case EXACT -> isExactOfPrefix ? PathMatchType.PREFIX : PathMatchType.EXACT;
            case PREFIX -> PathMatchType.PREFIX;
            case REGEX -> PathMatchType.REGEX;
          };
      MeshGatewayRouteSpec.Match target =
          new MeshGatewayRouteSpec.Match(
              new MeshGatewayRouteSpec.PathMatch(declared, path), method, headers, query);
      MeshGatewayRouteSpec.Match filler =
          new MeshGatewayRouteSpec.Match(
              new MeshGatewayRouteSpec.PathMatch(PathMatchType.EXACT, "/filler"),
              HttpMethod.NONE,
              List.of(),
              List.of());
      List<MeshGatewayRouteSpec.Match> matches = new ArrayList<>();
      for (int k = 0; k < match; k++) {
        matches.add(filler);
      }
      matches.add(target);
      List<MeshGatewayRouteSpec.Backend> backends =
          List.of(new MeshGatewayRouteSpec.Backend(1, Map.of("kuma.io/service", "web")));
      List<MeshGatewayRouteSpec.HttpRule> rules = new ArrayList<>();
      for (int i = 0; i < rule; i++) {
        rules.add(new MeshGatewayRouteSpec.HttpRule(List.of(filler), List.of(), backends));
      }
      rules.add(new MeshGatewayRouteSpec.HttpRule(matches, List.of(), backends));
      MeshGatewayRouteSpec spec =
          new MeshGatewayRouteSpec(
              List.of(Selector.of(Map.of("kuma.io/service", "edge"))),
              new MeshGatewayRouteSpec.Conf(
                  null, new MeshGatewayRouteSpec.HttpRoute(rules, List.of())));
      Resource<MeshGatewayRouteSpec> resource =
          Resource.of(ResourceTypes.MESH_GATEWAY_ROUTE, "default", route, spec);
      return new RouteEntryPlan(resource, rule, match, declared, new PathMatch(kind, path));
    }
  }
}
