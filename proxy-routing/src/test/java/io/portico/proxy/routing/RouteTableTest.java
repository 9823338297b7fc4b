package io.portico.proxy.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Route matching, spec gateway.md §3.2; entries are evaluated in table order (§2.8). */
class RouteTableTest {

  static Stream<Arguments> conditions() {
    return Stream.of(
        // exactPathMatchesOnlyThatPath
        Arguments.of(PathMatcher.exact("/a"), FakeRequest.get("/a"), true),
        Arguments.of(PathMatcher.exact("/a"), FakeRequest.get("/a/"), false),
        Arguments.of(PathMatcher.exact("/a"), FakeRequest.get("/A"), false),
        // prefixIsAByteprefix
        Arguments.of(PathMatcher.prefix("/api/"), FakeRequest.get("/api/x/y"), true),
        Arguments.of(PathMatcher.prefix("/api/"), FakeRequest.get("/api"), false),
        Arguments.of(PathMatcher.prefix("/api"), FakeRequest.get("/apix"), true),
        // regexMustMatchWholePath
        Arguments.of(PathMatcher.regex("/a/[0-9]+"), FakeRequest.get("/a/12"), true),
        Arguments.of(PathMatcher.regex("/a/[0-9]+"), FakeRequest.get("/a/12/b"), false),
        Arguments.of(PathMatcher.regex("[0-9]+"), FakeRequest.get("/a/12"), false),
        Arguments.of(PathMatcher.any(), FakeRequest.get("/whatever"), true));
  }

  @ParameterizedTest(name = "{0} on {1} -> {2}")
  @MethodSource("conditions")
  void pathConditions(PathMatcher path, FakeRequest request, boolean expected) {
    assertThat(RouteMatcher.path(path).matches(request)).isEqualTo(expected);
  }

  static Stream<Arguments> headerAndQueryConditions() {
    RegexMatcher digits = RegexMatcher.compile("[0-9]+");
    return Stream.of(
        // headerNamesAreCaseInsensitive
        Arguments.of(
            headers(new HeaderMatcher.Exact("X-Env", "prod")),
            FakeRequest.get("/").header("x-env", "prod"),
            true),
        Arguments.of(
            headers(new HeaderMatcher.Exact("x-env", "prod")),
            FakeRequest.get("/").header("X-ENV", "prod"),
            true),
        // headerValuesAreCaseSensitive
        Arguments.of(
            headers(new HeaderMatcher.Exact("x-env", "prod")),
            FakeRequest.get("/").header("x-env", "PROD"),
            false),
        // multipleHeaderValuesAreComparedCommaJoined
        Arguments.of(
            headers(new HeaderMatcher.Exact("x-env", "a,b")),
            FakeRequest.get("/").header("x-env", "a").header("x-env", "b"),
            true),
        Arguments.of(
            headers(new HeaderMatcher.Exact("x-env", "a")),
            FakeRequest.get("/").header("x-env", "a").header("x-env", "b"),
            false),
        // headerExactRequiresPresence
        Arguments.of(headers(new HeaderMatcher.Exact("x-env", "")), FakeRequest.get("/"), false),
        // headerRegexMustMatchWholeValue
        Arguments.of(
            headers(new HeaderMatcher.Regex("x-id", digits)),
            FakeRequest.get("/").header("x-id", "123"),
            true),
        Arguments.of(
            headers(new HeaderMatcher.Regex("x-id", digits)),
            FakeRequest.get("/").header("x-id", "123a"),
            false),
        Arguments.of(headers(new HeaderMatcher.Regex("x-id", digits)), FakeRequest.get("/"), false),
        // headerPresentAcceptsAnyValue
        Arguments.of(
            headers(new HeaderMatcher.Present("x-id")),
            FakeRequest.get("/").header("x-id", ""),
            true),
        Arguments.of(headers(new HeaderMatcher.Present("x-id")), FakeRequest.get("/"), false),
        // headerAbsentRequiresAbsence
        Arguments.of(headers(new HeaderMatcher.Absent("x-id")), FakeRequest.get("/"), true),
        Arguments.of(
            headers(new HeaderMatcher.Absent("x-id")),
            FakeRequest.get("/").header("X-Id", "1"),
            false),
        // queryExactComparesFirstValue
        Arguments.of(
            query(new QueryMatcher.Exact("v", "1")),
            FakeRequest.get("/").query("v", "1").query("v", "2"),
            true),
        Arguments.of(
            query(new QueryMatcher.Exact("v", "2")),
            FakeRequest.get("/").query("v", "1").query("v", "2"),
            false),
        // queryNamesAreCaseSensitive
        Arguments.of(
            query(new QueryMatcher.Exact("v", "1")), FakeRequest.get("/").query("V", "1"), false),
        // queryRegexMustMatchWholeValue
        Arguments.of(
            query(new QueryMatcher.Regex("id", digits)),
            FakeRequest.get("/").query("id", "42"),
            true),
        Arguments.of(
            query(new QueryMatcher.Regex("id", digits)),
            FakeRequest.get("/").query("id", "x42"),
            false));
  }

  @ParameterizedTest(name = "{0} on {1} -> {2}")
  @MethodSource("headerAndQueryConditions")
  void headerAndQueryConditions(RouteMatcher matcher, FakeRequest request, boolean expected) {
    assertThat(matcher.matches(request)).isEqualTo(expected);
  }

  @Test
  void methodMustBeEqual() {
    RouteMatcher post = new RouteMatcher(PathMatcher.any(), "POST", List.of(), List.of());
    assertThat(post.matches(FakeRequest.of("POST", "/"))).isTrue();
    assertThat(post.matches(FakeRequest.of("GET", "/"))).isFalse();
  }

  @Test
  void allConditionsOfAnEntryMustMatch() {
    RouteMatcher matcher =
        new RouteMatcher(
            PathMatcher.prefix("/api/"),
            "GET",
            List.of(new HeaderMatcher.Exact("x-env", "prod")),
            List.of(new QueryMatcher.Exact("v", "2")));
    FakeRequest full = FakeRequest.get("/api/x").header("x-env", "prod").query("v", "2");
    assertThat(matcher.matches(full)).isTrue();
    assertThat(matcher.matches(FakeRequest.get("/api/x").header("x-env", "prod"))).isFalse();
    assertThat(matcher.matches(FakeRequest.get("/api/x").query("v", "2"))).isFalse();
  }

  @Test
  void firstMatchingRouteWins() {
    RouteTable<String> table =
        RouteTable.<String>builder()
            .add(RouteMatcher.path(PathMatcher.prefix("/api/")), "api")
            .add(RouteMatcher.path(PathMatcher.prefix("/api/v2/")), "never-reached")
            .add(RouteMatcher.any(), "fallback")
            .build();
    assertThat(table.find(FakeRequest.get("/api/v2/x"))).contains("api");
    assertThat(table.find(FakeRequest.get("/other"))).contains("fallback");
  }

  @Test
  void noMatchingRouteFindsNothing() {
    RouteTable<String> table =
        RouteTable.<String>builder().add(RouteMatcher.path(PathMatcher.exact("/a")), "a").build();
    assertThat(table.find(FakeRequest.get("/b"))).isEqualTo(Optional.empty());
    assertThat(RouteTable.<String>builder().build().find(FakeRequest.get("/"))).isEmpty();
  }

  @Test
  void invalidRegexIsRejectedWithItsSource() {
    assertThatThrownBy(() -> PathMatcher.regex("/a/(["))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/a/([");
  }

  @Test
  void regexMatchersCompareBySource() {
    assertThat(RegexMatcher.compile("a+")).isEqualTo(RegexMatcher.compile("a+"));
  }

  private static RouteMatcher headers(HeaderMatcher... matchers) {
    return new RouteMatcher(PathMatcher.any(), "", List.of(matchers), List.of());
  }

  private static RouteMatcher query(QueryMatcher... matchers) {
    return new RouteMatcher(PathMatcher.any(), "", List.of(), List.of(matchers));
  }
}
