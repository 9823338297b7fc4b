package io.portico.cp.k8s.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Go's {@code json.Marshal} of tag maps and {@code Duration.String()}, byte for byte. */
class GoFormatTest {
  @Test
  void tagsAreSortedByKeyWithoutSpaces() {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("version", "v2");
    tags.put("kuma.io/service", "edge-gateway");
    tags.put("Zone", "a");

    assertThat(GoFormat.json(tags))
        .isEqualTo("{\"Zone\":\"a\",\"kuma.io/service\":\"edge-gateway\",\"version\":\"v2\"}");
  }

  @Test
  void emptyTagsAreAnEmptyObject() {
    assertThat(GoFormat.json(Map.of())).isEqualTo("{}");
  }

  @Test
  void stringsUseGoEscapes() {
    assertThat(GoFormat.json(Map.of("k", "a\"b\\c\nd\te<f>&g\u2028\u0001")))
        .isEqualTo("{\"k\":\"a\\\"b\\\\c\\nd\\te\\u003cf\\u003e\\u0026g\\u2028\\u0001\"}");
  }

  @Test
  void keysAreSortedByCodePointAsGoSortsUtf8Bytes() {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("\uD83D\uDE00", "emoji");
    tags.put("\uFF21", "fullwidth A");

    assertThat(GoFormat.json(tags)).startsWith("{\"\uFF21\"");
  }

  @ParameterizedTest
  @CsvSource({
    "PT0S, 0s",
    "PT30S, 30s",
    "PT1M30S, 1m30s",
    "PT1H, 1h0m0s",
    "PT1.5S, 1.5s",
    "PT0.5S, 500ms",
    "PT0.0015S, 1.5ms",
    "PT0.0000015S, 1.5µs",
    "PT0.00000001S, 10ns",
    "PT-5S, -5s",
    "PT26H3M4.05S, 26h3m4.05s"
  })
  void durationsReadAsGoWritesThem(Duration duration, String go) {
    assertThat(GoFormat.duration(duration)).isEqualTo(go);
  }
}
