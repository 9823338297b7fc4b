package io.portico.cp.k8s.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.cp.k8s.webhook.InjectionDecision.Outcome;
import io.portico.cp.k8s.webhook.InjectionDecision.Rule;
import io.portico.cp.k8s.webhook.NamespaceLookup.NamespaceMetadata;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The injector's decision table (spec/kubernetes.md §6.2): one test per rule, and one per pair of
 * adjacent rules showing which wins.
 */
class InjectionDecisionTest {
  private static final String KEY = "kuma.io/sidecar-injection";
  private static final Map<String, String> EXCEPTIONS =
      Map.of("openshift.io/build.name", "*", "app.example.com/tier", "batch");
  private static final NamespaceMetadata PLAIN_NAMESPACE =
      new NamespaceMetadata(Map.of(), Map.of());
  private static final List<String> APP = List.of("app");

  private static InjectionDecision decide(
      Map<String, String> labels,
      Map<String, String> annotations,
      List<String> containers,
      NamespaceMetadata namespace) {
    return InjectionDecision.decide(labels, annotations, containers, namespace, EXCEPTIONS);
  }

  private static NamespaceMetadata namespaceLabelled(String value) {
    return new NamespaceMetadata(Map.of(KEY, value), Map.of());
  }

  // ----------------------------------------------------------------- rule 1

  @Test
  void exceptionLabelWithAnyValueSkips() {
    InjectionDecision d =
        decide(
            Map.of("openshift.io/build.name", "b-1"), Map.of(), APP, namespaceLabelled("enabled"));
    assertThat(d).isEqualTo(new InjectionDecision(Rule.EXCEPTION_LABEL, Outcome.SKIP, ""));
  }

  @Test
  void exceptionLabelWithAValueSkipsOnlyThatValue() {
    assertThat(
            decide(
                    Map.of("app.example.com/tier", "batch"),
                    Map.of(),
                    APP,
                    namespaceLabelled("enabled"))
                .rule())
        .isEqualTo(Rule.EXCEPTION_LABEL);
    assertThat(
            decide(
                    Map.of("app.example.com/tier", "web"),
                    Map.of(),
                    APP,
                    namespaceLabelled("enabled"))
                .rule())
        .isEqualTo(Rule.NAMESPACE_LABEL);
  }

  @Test
  void exceptionLabelBeatsInjectionLabel() {
    InjectionDecision d =
        decide(
            Map.of("openshift.io/build.name", "b-1", KEY, "enabled"),
            Map.of(),
            APP,
            PLAIN_NAMESPACE);
    assertThat(d.rule()).isEqualTo(Rule.EXCEPTION_LABEL);
    assertThat(d.isInject()).isFalse();
  }

  // ----------------------------------------------------------------- rule 2

  @Test
  void existingSidecarSkips() {
    InjectionDecision d =
        decide(Map.of(KEY, "enabled"), Map.of(), List.of("app", "kuma-sidecar"), PLAIN_NAMESPACE);
    assertThat(d).isEqualTo(new InjectionDecision(Rule.SIDECAR_PRESENT, Outcome.SKIP, ""));
  }

  // ----------------------------------------------------------------- rule 3

  @ParameterizedTest
  @CsvSource({"enabled,INJECT", "true,INJECT", "disabled,SKIP", "false,SKIP"})
  void podLabelDecides(String value, Outcome outcome) {
    assertThat(decide(Map.of(KEY, value), Map.of(), APP, PLAIN_NAMESPACE))
        .isEqualTo(new InjectionDecision(Rule.POD_LABEL, outcome, ""));
  }

  @Test
  void podLabelBeatsPodAnnotation() {
    InjectionDecision d =
        decide(Map.of(KEY, "disabled"), Map.of(KEY, "enabled"), APP, namespaceLabelled("enabled"));
    assertThat(d).isEqualTo(new InjectionDecision(Rule.POD_LABEL, Outcome.SKIP, ""));
  }

  @Test
  void podAnnotationDecidesWithoutPodLabel() {
    assertThat(decide(Map.of(), Map.of(KEY, "enabled"), APP, PLAIN_NAMESPACE))
        .isEqualTo(new InjectionDecision(Rule.POD_ANNOTATION, Outcome.INJECT, ""));
  }

  @Test
  void podAnnotationBeatsNamespace() {
    assertThat(decide(Map.of(), Map.of(KEY, "disabled"), APP, namespaceLabelled("enabled")))
        .isEqualTo(new InjectionDecision(Rule.POD_ANNOTATION, Outcome.SKIP, ""));
  }

  @Test
  void namespaceLabelDecidesWithoutPodSetting() {
    assertThat(decide(Map.of(), Map.of(), APP, namespaceLabelled("enabled")))
        .isEqualTo(new InjectionDecision(Rule.NAMESPACE_LABEL, Outcome.INJECT, ""));
  }

  @Test
  void namespaceLabelBeatsNamespaceAnnotation() {
    NamespaceMetadata namespace =
        new NamespaceMetadata(Map.of(KEY, "disabled"), Map.of(KEY, "enabled"));
    assertThat(decide(Map.of(), Map.of(), APP, namespace))
        .isEqualTo(new InjectionDecision(Rule.NAMESPACE_LABEL, Outcome.SKIP, ""));
  }

  @Test
  void namespaceAnnotationDecidesLast() {
    NamespaceMetadata namespace = new NamespaceMetadata(Map.of(), Map.of(KEY, "true"));
    assertThat(decide(Map.of(), Map.of(), APP, namespace))
        .isEqualTo(new InjectionDecision(Rule.NAMESPACE_ANNOTATION, Outcome.INJECT, ""));
  }

  @Test
  void wrongValueIsAnErrorWhereItDecides() {
    assertThat(decide(Map.of(KEY, "yes"), Map.of(), APP, PLAIN_NAMESPACE))
        .isEqualTo(
            new InjectionDecision(
                Rule.POD_LABEL,
                Outcome.ERROR,
                "annotation \"kuma.io/sidecar-injection\" has wrong value \"yes\""));
    assertThat(decide(Map.of(), Map.of(), APP, namespaceLabelled("Enabled")).outcome())
        .isEqualTo(Outcome.ERROR);
  }

  @Test
  void nothingRequestedSkips() {
    assertThat(decide(Map.of("app", "web"), Map.of(), APP, PLAIN_NAMESPACE))
        .isEqualTo(new InjectionDecision(Rule.NOT_REQUESTED, Outcome.SKIP, ""));
  }

  @Test
  void builtinGatewayPodIsNotInjected() {
    Map<String, String> labels = Map.of("app", "edge-gateway", KEY, "disabled");
    assertThat(
            decide(
                labels,
                Map.of("kuma.io/gateway", "builtin"),
                List.of("kuma-gateway"),
                namespaceLabelled("enabled")))
        .isEqualTo(new InjectionDecision(Rule.POD_LABEL, Outcome.SKIP, ""));
  }
}
