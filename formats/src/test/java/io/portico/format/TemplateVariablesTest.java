package io.portico.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateVariablesTest {
  @Test
  void dottedKeysBecomeNestedMaps() {
    assertThat(TemplateVariables.parse("-v", List.of("a.b.c=1", "a.b.d=2", "e=3")))
        .isEqualTo(Map.of("a", Map.of("b", Map.of("c", "1", "d", "2")), "e", "3"));
  }

  @Test
  void oneFlagMayCarrySeveralPairsSeparatedByCommas() {
    assertThat(TemplateVariables.parse("-v", List.of("a=1,b=2")))
        .isEqualTo(Map.of("a", "1", "b", "2"));
  }

  @Test
  void commasInAValueAreKeptWhenNotEveryPartIsAPair() {
    assertThat(TemplateVariables.parse("-v", List.of("tags=a,b"))).isEqualTo(Map.of("tags", "a,b"));
  }

  @Test
  void valuesMayContainEqualsSigns() {
    assertThat(TemplateVariables.parse("-v", List.of("q=a=b"))).isEqualTo(Map.of("q", "a=b"));
  }

  @Test
  void entriesWithoutAKeyAreRejected() {
    assertThatThrownBy(() -> TemplateVariables.parse("-v", List.of("=1")))
        .hasMessage("-v \"=1\": expected key=value, for example -v port=8080");
    assertThatThrownBy(() -> TemplateVariables.parse("-v", List.of("a..b=1")))
        .hasMessage("-v \"a..b=1\": expected key=value with a key such as a or a.b, got \"a..b\"");
  }

  @Test
  void aValueAndNestedVariablesUnderTheSameKeyConflict() {
    assertThatThrownBy(() -> TemplateVariables.parse("-v", List.of("a=1", "a.b=2")))
        .hasMessage("-v \"a.b=2\": \"a\" is already set to a value, so it cannot hold a.b");
    assertThatThrownBy(() -> TemplateVariables.parse("-v", List.of("a.b=2", "a=1")))
        .hasMessage("-v \"a=1\": \"a\" already holds nested variables such as a.<name>");
  }
}
