package io.portico.cp.compiler.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The hostname intersection function of spec/gateway.md §2.4 (Kuma's hostname_match_test.go). */
class HostnameMatchTest {
  @ParameterizedTest(name = "host {0} ~ route {1} = {2}")
  @CsvSource({
    "foo.example.com, foo.example.com, true",
    "*.example.com, foo.example.com, true",
    "foo.example.com, *.example.com, true",
    "*.example.com, *.example.com, true",
    "foo.example.com, bar.example.com, false",
    "*.example.com, foo.examples.com, false",
    "*.example.com, a.b.example.com, false",
    "a.b.example.com, *.example.com, false",
    "*.b.example.com, *.example.com, false",
    "localhost, localhost, true",
    "localhost, *.localhost, false",
    "*, foo.example.com, false",
  })
  void intersects(String host, String route, boolean expected) {
    assertThat(HostnameMatch.matches(host, route)).isEqualTo(expected);
  }
}
