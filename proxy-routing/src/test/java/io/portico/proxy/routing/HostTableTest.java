package io.portico.proxy.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Virtual host selection, spec gateway.md §2.8. */
class HostTableTest {
  private final HostTable<String> table =
      HostTable.<String>builder()
          .add("api.example.com", "exact-api")
          .add("*.example.com", "wild-example")
          .add("*.eu.example.com", "wild-eu")
          .add("*", "any")
          .build();

  static Stream<Arguments> cases() {
    return Stream.of(
        // exactHostBeatsWildcard
        Arguments.of("api.example.com", "exact-api"),
        // longestWildcardSuffixWins
        Arguments.of("shop.eu.example.com", "wild-eu"),
        Arguments.of("a.b.eu.example.com", "wild-eu"),
        // wildcardMatchesOneOrMoreLabels
        Arguments.of("shop.example.com", "wild-example"),
        Arguments.of("a.b.example.com", "wild-example"),
        // wildcardDoesNotMatchItsOwnSuffix
        Arguments.of("example.com", "any"),
        Arguments.of("eu.example.com", "wild-example"),
        Arguments.of(".example.com", "any"),
        // anyIsTheLastResort
        Arguments.of("other.org", "any"),
        Arguments.of("", "any"),
        // hostPortIsIgnored
        Arguments.of("api.example.com:8080", "exact-api"),
        Arguments.of("shop.example.com:443", "wild-example"),
        // hostIsCaseInsensitive
        Arguments.of("API.Example.COM", "exact-api"),
        Arguments.of("Shop.EU.example.com:80", "wild-eu"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("cases")
  void hostSelectsVirtualHost(String host, String expected) {
    assertThat(table.find(host)).contains(expected);
  }

  @Test
  void noMatchingDomainFindsNothing() {
    HostTable<String> noAny =
        HostTable.<String>builder().add("a.example.com", "a").add("*.b.org", "b").build();
    assertThat(noAny.find("c.example.com")).isEmpty();
    assertThat(noAny.find("b.org")).isEmpty();
    assertThat(noAny.find("x.b.org")).contains("b");
  }

  @Test
  void domainsAreCaseInsensitiveWhenAdded() {
    HostTable<String> t = HostTable.<String>builder().add("Api.Example.com", "a").build();
    assertThat(t.find("api.example.com")).contains("a");
  }

  @Test
  void ipv6HostPortIsIgnored() {
    HostTable<String> t = HostTable.<String>builder().add("[::1]", "v6").build();
    assertThat(t.find("[::1]:8080")).contains("v6");
    assertThat(HostTable.normalize("[::1]")).isEqualTo("[::1]");
  }

  @Test
  void duplicateDomainIsRejected() {
    assertThatThrownBy(() -> HostTable.<String>builder().add("a.com", "1").add("A.com", "2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("more than once");
    assertThatThrownBy(() -> HostTable.<String>builder().add("*", "1").add("*", "2"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void malformedWildcardIsRejected() {
    for (String bad : new String[] {"a.*.com", "*a.com", "", "*.", "**"}) {
      assertThatThrownBy(() -> HostTable.DomainKind.of(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
