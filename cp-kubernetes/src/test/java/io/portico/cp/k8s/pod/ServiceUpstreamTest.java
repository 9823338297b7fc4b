package io.portico.cp.k8s.pod;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** spec/kubernetes.md §5.11: which Services get the service-upstream annotations. */
class ServiceUpstreamTest {
  private static final Map<String, String> BOTH =
      Map.of(
          "ingress.kubernetes.io/service-upstream", "true",
          "nginx.ingress.kubernetes.io/service-upstream", "true");

  @ParameterizedTest
  @CsvSource({"enabled", "true"})
  void serviceOfANamespaceLabelledForInjectionGetsBoth(String value) {
    assertThat(
            ServiceUpstream.annotationsToAdd(
                service(Map.of()), namespace(Map.of("kuma.io/sidecar-injection", value), Map.of())))
        .isEqualTo(BOTH);
  }

  @Test
  void serviceOfANamespaceAnnotatedForInjectionGetsBoth() {
    assertThat(
            ServiceUpstream.annotationsToAdd(
                service(Map.of()),
                namespace(Map.of(), Map.of("kuma.io/sidecar-injection", "enabled"))))
        .isEqualTo(BOTH);
  }

  @ParameterizedTest
  @CsvSource({"disabled", "false", "yes"})
  void serviceOfANamespaceWithoutInjectionGetsNone(String value) {
    assertThat(
            ServiceUpstream.annotationsToAdd(
                service(Map.of()),
                namespace(
                    Map.of("kuma.io/sidecar-injection", value),
                    Map.of("kuma.io/sidecar-injection", value))))
        .isEmpty();
  }

  @Test
  void serviceOfANamespaceWithoutAnythingGetsNone() {
    assertThat(ServiceUpstream.annotationsToAdd(service(Map.of()), namespace(Map.of(), Map.of())))
        .isEmpty();
  }

  @Test
  void builtinGatewayServiceGetsNone() {
    assertThat(
            ServiceUpstream.annotationsToAdd(
                service(Map.of("kuma.io/gateway", "builtin")), injectedNamespace()))
        .isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"true", "enabled"})
  void ignoredServiceGetsNone(String value) {
    assertThat(
            ServiceUpstream.annotationsToAdd(
                service(Map.of("kuma.io/ignore", value)), injectedNamespace()))
        .isEmpty();
  }

  @Test
  void annotationsAlreadySetAreNotAddedAgain() {
    assertThat(
            ServiceUpstream.annotationsToAdd(
                service(Map.of("ingress.kubernetes.io/service-upstream", "true")),
                injectedNamespace()))
        .isEqualTo(Map.of("nginx.ingress.kubernetes.io/service-upstream", "true"));
    assertThat(ServiceUpstream.annotationsToAdd(service(BOTH), injectedNamespace())).isEmpty();
  }

  @Test
  void annotationSetToFalseIsOverwritten() {
    assertThat(
            ServiceUpstream.annotationsToAdd(
                service(Map.of("ingress.kubernetes.io/service-upstream", "false")),
                injectedNamespace()))
        .isEqualTo(BOTH);
  }

  private static Service service(Map<String, String> annotations) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName("web")
        .withNamespace("demo")
        .withAnnotations(annotations)
        .endMetadata()
        .build();
  }

  private static Namespace injectedNamespace() {
    return namespace(Map.of("kuma.io/sidecar-injection", "enabled"), Map.of());
  }

  private static Namespace namespace(Map<String, String> labels, Map<String, String> annotations) {
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName("demo")
        .withLabels(labels)
        .withAnnotations(annotations)
        .endMetadata()
        .build();
  }
}
