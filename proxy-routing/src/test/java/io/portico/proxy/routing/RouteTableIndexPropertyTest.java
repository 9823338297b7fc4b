package io.portico.proxy.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * The indexed lookup of {@link RouteTable} answers what trying every entry in table order answers:
 * random tables of exact, prefix, regex and path-less entries (some with a method condition) over
 * paths of a tiny alphabet, so that prefixes nest, share edges and end inside each other's edges.
 */
class RouteTableIndexPropertyTest {

  @Property(tries = 2000)
  void theIndexFindsTheFirstMatchingEntryInTableOrder(
      @ForAll @Size(max = 40) List<@From("entries") RouteMatcher> matchers,
      @ForAll @Size(min = 1, max = 20) List<@From("requests") FakeRequest> requests) {
    RouteTable.Builder<Integer> builder = RouteTable.builder();
    for (int i = 0; i < matchers.size(); i++) {
      builder.add(matchers.get(i), i);
    }
    RouteTable<Integer> table = builder.build();

    for (FakeRequest request : requests) {
      Integer expected = null;
      for (int i = 0; i < matchers.size(); i++) {
        if (matchers.get(i).matches(request)) {
          expected = i;
          break;
        }
      }
      assertThat(table.find(request).orElse(null))
          .as("%s %s in %s", request.method(), request.path(), matchers)
          .isEqualTo(expected);
    }
  }

  /** Paths of {@code /}, {@code a}, {@code b}: short enough to collide often. */
  private static Arbitrary<String> paths() {
    return Arbitraries.strings().withChars('/', 'a', 'b').ofMaxLength(6);
  }

  @Provide
  Arbitrary<RouteMatcher> entries() {
    Arbitrary<PathMatcher> path =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(4, paths().map(PathMatcher::exact)),
            net.jqwik.api.Tuple.of(4, paths().map(PathMatcher::prefix)),
            net.jqwik.api.Tuple.of(
                1, Arbitraries.of("/a.*", "/[ab]+", ".*b", "/").map(PathMatcher::regex)),
            net.jqwik.api.Tuple.of(1, Arbitraries.just(PathMatcher.any())));
    Arbitrary<String> method = Arbitraries.of("", "", "", "GET", "POST");
    return Combinators.combine(path, method)
        .as((p, m) -> new RouteMatcher(p, m, List.of(), List.of()));
  }

  @Provide
  Arbitrary<FakeRequest> requests() {
    return Combinators.combine(Arbitraries.of("GET", "POST", "PUT"), paths()).as(FakeRequest::of);
  }
}
