package io.portico.proxy.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Path normalization before matching, spec gateway.md §2.6 (RFC 3986 §5.2.4). */
class PathNormalizerTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "/a/b, /a/b",
    "/a/b/, /a/b/",
    "/, /",
    "'', /",
    "/a//b, /a/b",
    "//a///b//, /a/b/",
    "/a/./b, /a/b",
    "/a/../b, /b",
    "/a/b/.., /a/",
    "/../../a, /a",
    "/a/.hidden, /a/.hidden",
    "a/b, /a/b"
  })
  void dotSegmentsAreResolvedAndSlashesMerged(String path, String expected) {
    assertThat(PathNormalizer.normalize(path)).isEqualTo(expected);
  }
}
