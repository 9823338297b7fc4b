package io.portico.cp.compiler.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.cp.compiler.plan.HttpListenerSettings;
import io.portico.mesh.api.Selector;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The x-kuma-tags condition of an inbound policy's sources, against real header values. */
class SourceTagsMatchTest {
  private static boolean matches(List<Selector> sources, Map<String, Set<String>> callerTags) {
    String header = HttpListenerSettings.kumaTagsHeader(callerTags).value();
    return Pattern.compile(SourceTagsMatch.regex(sources)).matcher(header).matches();
  }

  private static Selector selector(String... keyValues) {
    Map<String, String> match = new java.util.HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      match.put(keyValues[i], keyValues[i + 1]);
    }
    return Selector.of(match);
  }

  @Test
  void aServiceSelectorMatchesThatCaller() {
    List<Selector> gw = List.of(selector("kuma.io/service", "edge-gateway"));
    assertThat(matches(gw, Map.of("kuma.io/service", Set.of("edge-gateway")))).isTrue();
    assertThat(matches(gw, Map.of("kuma.io/service", Set.of("other")))).isFalse();
  }

  @Test
  void aValueMustBeAWholeElementOfTheList() {
    List<Selector> gw = List.of(selector("kuma.io/service", "gw"));
    assertThat(matches(gw, Map.of("kuma.io/service", Set.of("my-gw")))).isFalse();
    assertThat(matches(gw, Map.of("kuma.io/service", Set.of("gw-2")))).isFalse();
    assertThat(matches(gw, Map.of("kuma.io/service", Set.of("a", "gw", "z")))).isTrue();
  }

  @Test
  void dotsAndOtherMetacharactersAreLiteral() {
    List<Selector> dotted = List.of(selector("kuma.io/service", "a.b"));
    assertThat(matches(dotted, Map.of("kuma.io/service", Set.of("a.b")))).isTrue();
    assertThat(matches(dotted, Map.of("kuma.io/service", Set.of("axb")))).isFalse();
  }

  @Test
  void everyTagOfASelectorMustMatchInKeyOrder() {
    List<Selector> both = List.of(selector("version", "v1", "kuma.io/service", "web"));
    assertThat(matches(both, Map.of("kuma.io/service", Set.of("web"), "version", Set.of("v1"))))
        .isTrue();
    assertThat(matches(both, Map.of("kuma.io/service", Set.of("web"), "version", Set.of("v2"))))
        .isFalse();
    assertThat(matches(both, Map.of("kuma.io/service", Set.of("web")))).isFalse();
  }

  @Test
  void aWildcardValueNeedsOnlyTheKey() {
    List<Selector> any = List.of(selector("kuma.io/service", "*"));
    assertThat(matches(any, Map.of("kuma.io/service", Set.of("anything")))).isTrue();
    assertThat(matches(any, Map.of("zone", Set.of("z")))).isFalse();
  }

  @Test
  void selectorsAreOred() {
    List<Selector> either =
        List.of(selector("kuma.io/service", "a"), selector("kuma.io/service", "b"));
    assertThat(matches(either, Map.of("kuma.io/service", Set.of("a")))).isTrue();
    assertThat(matches(either, Map.of("kuma.io/service", Set.of("b")))).isTrue();
    assertThat(matches(either, Map.of("kuma.io/service", Set.of("c")))).isFalse();
  }
}
