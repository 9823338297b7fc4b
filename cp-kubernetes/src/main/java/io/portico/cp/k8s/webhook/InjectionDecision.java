package io.portico.cp.k8s.webhook;

import io.portico.cp.k8s.webhook.NamespaceLookup.NamespaceMetadata;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Whether a pod gets the sidecar (spec/kubernetes.md §6.2, Kuma's {@code injector.needInject}): the
 * first applicable {@link Rule}, in declaration order, decides. The mesh check (§6.2 rule 4) comes
 * after a decision to inject, in {@link SidecarInjectionWebhook}.
 *
 * @param rule the rule that decided
 * @param outcome inject, skip, or an error
 * @param error the error's message; empty unless the outcome is {@link Outcome#ERROR}
 */
record InjectionDecision(Rule rule, Outcome outcome, String error) {
  static final String INJECTION_KEY = "kuma.io/sidecar-injection";
  static final String SIDECAR_NAME = "kuma-sidecar";

  InjectionDecision {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(outcome, "outcome");
    error = error == null ? "" : error;
  }

  /** The rules, in the order they are tried. */
  enum Rule {
    /** A pod label matches a configured exception ({@code *} matches any value): skip. */
    EXCEPTION_LABEL,
    /** A container is already named {@code kuma-sidecar}: skip. */
    SIDECAR_PRESENT,
    /** The pod label {@code kuma.io/sidecar-injection}. */
    POD_LABEL,
    /** The pod annotation {@code kuma.io/sidecar-injection} (deprecated). */
    POD_ANNOTATION,
    /** The Namespace label {@code kuma.io/sidecar-injection}. */
    NAMESPACE_LABEL,
    /** The Namespace annotation {@code kuma.io/sidecar-injection}. */
    NAMESPACE_ANNOTATION,
    /** Nobody asked for injection: skip. */
    NOT_REQUESTED
  }

  enum Outcome {
    INJECT,
    SKIP,
    ERROR
  }

  boolean isInject() {
    return outcome == Outcome.INJECT;
  }

  /**
   * Decides for one pod.
   *
   * @param labels the pod's labels
   * @param annotations the pod's annotations
   * @param containerNames the names of the pod's containers
   * @param namespace the pod's Namespace
   * @param exceptions {@code injector.exceptions.labels}
   */
  static InjectionDecision decide(
      Map<String, String> labels,
      Map<String, String> annotations,
      List<String> containerNames,
      NamespaceMetadata namespace,
      Map<String, String> exceptions) {
    for (Map.Entry<String, String> exception : exceptions.entrySet()) {
      String value = labels.get(exception.getKey());
      if (value != null
          && (exception.getValue().equals("*") || exception.getValue().equals(value))) {
        return new InjectionDecision(Rule.EXCEPTION_LABEL, Outcome.SKIP, "");
      }
    }
    if (containerNames.contains(SIDECAR_NAME)) {
      return new InjectionDecision(Rule.SIDECAR_PRESENT, Outcome.SKIP, "");
    }
    if (labels.containsKey(INJECTION_KEY)) {
      return fromValue(Rule.POD_LABEL, labels.get(INJECTION_KEY));
    }
    if (annotations.containsKey(INJECTION_KEY)) {
      return fromValue(Rule.POD_ANNOTATION, annotations.get(INJECTION_KEY));
    }
    if (namespace.labels().containsKey(INJECTION_KEY)) {
      return fromValue(Rule.NAMESPACE_LABEL, namespace.labels().get(INJECTION_KEY));
    }
    if (namespace.annotations().containsKey(INJECTION_KEY)) {
      return fromValue(Rule.NAMESPACE_ANNOTATION, namespace.annotations().get(INJECTION_KEY));
    }
    return new InjectionDecision(Rule.NOT_REQUESTED, Outcome.SKIP, "");
  }

  /** {@code enabled|true} injects, {@code disabled|false} skips, anything else is an error. */
  private static InjectionDecision fromValue(Rule rule, String value) {
    return switch (value) {
      case "enabled", "true" -> new InjectionDecision(rule, Outcome.INJECT, "");
      case "disabled", "false" -> new InjectionDecision(rule, Outcome.SKIP, "");
      default ->
          new InjectionDecision(
              rule,
              Outcome.ERROR,
              "annotation \"" + INJECTION_KEY + "\" has wrong value \"" + value + "\"");
    };
  }
}
