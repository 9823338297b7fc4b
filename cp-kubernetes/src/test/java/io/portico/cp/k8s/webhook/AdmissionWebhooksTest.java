package io.portico.cp.k8s.webhook;

import static io.portico.cp.k8s.webhook.Requests.response;
import static org.assertj.core.api.Assertions.assertThat;

import io.portico.cp.k8s.KubernetesSettings;
import io.portico.mesh.api.codec.ResourceCodec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The routing table of spec/kubernetes.md §7.1. */
class AdmissionWebhooksTest {
  private final FakeCluster cluster =
      new FakeCluster()
          .mesh("default", "uid-default")
          .namespace("default", Map.of("kuma.io/sidecar-injection", "enabled"), Map.of());
  private final AdmissionWebhooks webhooks =
      new AdmissionWebhooks(
          KubernetesSettings.defaults(),
          ControlPlaneMode.STANDALONE,
          false,
          true,
          ResourceCodec.standard(),
          new AdmissionWebhooks.Lookups(resource -> List.of(), cluster, cluster, cluster));

  @Test
  void everyPathOfTheChartIsServed() {
    assertThat(webhooks.byPath().keySet())
        .containsExactlyInAnyOrder(
            "/validate-kuma-io-v1alpha1",
            "/validate-v1-service",
            "/validate-v1-secret",
            "/owner-reference-kuma-io-v1alpha1",
            "/default-kuma-io-v1alpha1-mesh",
            "/inject-sidecar");
    assertThat(webhooks.webhook("/mutate-everything")).isEmpty();
  }

  @Test
  void eachPathReachesItsWebhook() {
    assertThat(webhooks.webhook("/inject-sidecar"))
        .get()
        .isInstanceOf(SidecarInjectionWebhook.class);
    String answer =
        AdmissionReview.answer(
            webhooks.webhook("/inject-sidecar").orElseThrow(),
            Requests.core("Pod", "pods")
                .namespace("default")
                .create(
                    "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\"},"
                        + "\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"x\"}]}}")
                .json());
    assertThat(response(answer).path("patchType").asText()).isEqualTo("JSONPatch");
  }
}
