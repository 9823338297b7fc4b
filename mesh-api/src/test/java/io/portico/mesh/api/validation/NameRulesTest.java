package io.portico.mesh.api.validation;

import static io.portico.mesh.api.validation.NameRules.Environment.KUBERNETES;
import static io.portico.mesh.api.validation.NameRules.Environment.UNIVERSAL;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Names by environment (spec/core.md §0, spec/kubernetes.md §2.3). */
class NameRulesTest {

  private static List<Violation> check(
      NameRules.Environment environment, String name, boolean namespaced) {
    Errors errors = new Errors();
    NameRules.validate(environment, "name", name, namespaced, errors);
    return errors.violations();
  }

  @ParameterizedTest
  @ValueSource(strings = {"edge", "edge-1_a", "0"})
  void universalNamesAreLowercaseDigitsDashAndUnderscore(String name) {
    assertThat(check(UNIVERSAL, name, true)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"edge.shop", "Edge", "a b"})
  void universalNamesHaveNoDotsNoCapitals(String name) {
    assertThat(check(UNIVERSAL, name, true))
        .singleElement()
        .satisfies(v -> assertThat(v.message()).contains("only lowercase letters, digits"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"edge-1.shop", "edge.v1.shop", "a.b"})
  void kubernetesNamespacedNamesAreNameDotNamespace(String name) {
    assertThat(check(KUBERNETES, name, true)).isEmpty();
  }

  @Test
  void aKubernetesNamespacedNameWithoutADotSaysWhatItNeeds() {
    assertThat(check(KUBERNETES, "edge", true))
        .extracting(Violation::message)
        .containsExactly(
            "name \"edge\" must include namespace after the dot, ex. \"name.namespace\"");
    assertThat(check(KUBERNETES, "edge.", true))
        .extracting(Violation::message)
        .containsExactly("namespace must be non-empty");
  }

  @Test
  void kubernetesNamesAreDnsSubdomainsAndNamespacesDnsLabels() {
    assertThat(check(KUBERNETES, "edge_1.shop", true))
        .extracting(Violation::message)
        .containsExactly(
            "\"edge_1\" is not a DNS subdomain: expected lowercase letters, digits, '-' and '.',"
                + " starting and ending with a letter or digit");
    assertThat(check(KUBERNETES, "edge.-shop", true))
        .extracting(Violation::message)
        .singleElement()
        .asString()
        .startsWith("namespace \"-shop\" is not a DNS label");
    assertThat(check(KUBERNETES, "edge." + "n".repeat(64), true)).hasSize(1);
    assertThat(check(KUBERNETES, "edge." + "n".repeat(63), true)).isEmpty();
  }

  @Test
  void clusterScopedKubernetesNamesMayHoldDots() {
    assertThat(check(KUBERNETES, "tls.default", false)).isEmpty();
    assertThat(check(KUBERNETES, "default", false)).isEmpty();
    assertThat(check(KUBERNETES, "Default", false)).hasSize(1);
    assertThat(check(KUBERNETES, "a".repeat(254), false))
        .extracting(Violation::message)
        .containsExactly("is 254 characters long: expected at most 253 characters");
    assertThat(check(KUBERNETES, "", false))
        .extracting(Violation::message)
        .containsExactly("cannot be empty");
  }
}
