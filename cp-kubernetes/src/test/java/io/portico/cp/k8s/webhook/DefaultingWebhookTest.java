package io.portico.cp.k8s.webhook;

import static io.portico.cp.k8s.webhook.Requests.patch;
import static io.portico.cp.k8s.webhook.Requests.response;
import static io.portico.cp.k8s.webhook.Requests.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * {@code /default-kuma-io-v1alpha1-mesh} (spec/kubernetes.md §7.5 defaulting): each patch applied
 * to the object, and the cases left alone.
 */
class DefaultingWebhookTest {
  private final DefaultingWebhook webhook = new DefaultingWebhook();

  private String answer(Requests.Builder request) {
    return AdmissionReview.answer(webhook, request.json());
  }

  private static JsonNode patched(String answer, String object) {
    assertThat(response(answer).path("allowed").asBoolean()).isTrue();
    assertThat(response(answer).path("patchType").asText()).isEqualTo("JSONPatch");
    return JsonPatchApplier.apply(patch(answer), tree(object));
  }

  private static void assertAllowedUnchanged(String answer) {
    assertThat(response(answer))
        .isEqualTo(
            tree("{\"uid\":\"" + Requests.UID + "\",\"allowed\":true,\"status\":{\"code\":200}}"));
  }

  private static String mesh(String backends) {
    return """
        {"apiVersion":"kuma.io/v1alpha1","kind":"Mesh","metadata":{"name":"default"},
         "spec":{"metrics":{"enabledBackend":"prometheus-1","backends":%s}}}
        """
        .formatted(backends);
  }

  @Test
  void prometheusBackendWithoutConfGetsPortPathAndTags() {
    String object = mesh("[{\"name\":\"prometheus-1\",\"type\":\"prometheus\"}]");
    JsonNode result = patched(answer(Requests.kuma("Mesh", "meshes").create(object)), object);
    assertThat(result)
        .isEqualTo(
            tree(
                mesh(
                    """
                    [{"name":"prometheus-1","type":"prometheus",
                      "conf":{"port":5670,"path":"/metrics","tags":{"kuma.io/service":"dataplane-metrics"}}}]
                    """)));
  }

  @Test
  void setValuesAreKeptAndZeroOrEmptyOnesFilled() {
    String object =
        mesh(
            """
            [{"name":"prometheus-1","type":"prometheus",
              "conf":{"port":0,"path":"/stats","tags":{},"skipMTLS":true}}]
            """);
    JsonNode result =
        patched(answer(Requests.kuma("Mesh", "meshes").update(object, object)), object);
    assertThat(result)
        .isEqualTo(
            tree(
                mesh(
                    """
                    [{"name":"prometheus-1","type":"prometheus",
                      "conf":{"port":5670,"path":"/stats","tags":{"kuma.io/service":"dataplane-metrics"},"skipMTLS":true}}]
                    """)));
  }

  @Test
  void everyPrometheusBackendIsDefaulted() {
    String object =
        mesh(
            """
            [{"name":"other","type":"datadog","conf":{}},
             {"name":"prometheus-1","type":"prometheus","conf":{"port":1234,"tags":{"team":"x"}}}]
            """);
    JsonNode result = patched(answer(Requests.kuma("Mesh", "meshes").create(object)), object);
    assertThat(result.path("spec").path("metrics").path("backends"))
        .isEqualTo(
            tree(
                """
                [{"name":"other","type":"datadog","conf":{}},
                 {"name":"prometheus-1","type":"prometheus","conf":{"port":1234,"tags":{"team":"x"},"path":"/metrics"}}]
                """));
  }

  @Test
  void meshWithNothingToDefaultIsAllowedWithoutPatch() {
    assertAllowedUnchanged(
        answer(
            Requests.kuma("Mesh", "meshes")
                .create(
                    mesh(
                        """
                        [{"name":"prometheus-1","type":"prometheus",
                          "conf":{"port":5670,"path":"/metrics","tags":{"kuma.io/service":"dataplane-metrics"}}}]
                        """))));
  }

  @Test
  void meshWithoutMetricsIsAllowedWithoutPatch() {
    assertAllowedUnchanged(
        answer(
            Requests.kuma("Mesh", "meshes")
                .create(
                    "{\"apiVersion\":\"kuma.io/v1alpha1\",\"kind\":\"Mesh\","
                        + "\"metadata\":{\"name\":\"default\"}}")));
  }

  private static String trace(String labels) {
    return """
        {"apiVersion":"kuma.io/v1alpha1","kind":"MeshTrace",
         "metadata":{"name":"trace","namespace":"kuma-system"%s},
         "spec":{"targetRef":{"kind":"Mesh"}}}
        """
        .formatted(labels == null ? "" : ",\"labels\":" + labels);
  }

  @Test
  void targetRefPolicyWithoutLabelsGetsTheDefaultMeshLabel() {
    String object = trace(null);
    JsonNode result =
        patched(answer(Requests.kuma("MeshTrace", "meshtraces").create(object)), object);
    assertThat(result).isEqualTo(tree(trace("{\"kuma.io/mesh\":\"default\"}")));
  }

  @Test
  void targetRefPolicyLabelsKeepTheirOthers() {
    String object = trace("{\"team\":\"edge\"}");
    JsonNode result =
        patched(
            answer(
                Requests.kuma("MeshTrafficPermission", "meshtrafficpermissions")
                    .update(object, object)),
            object);
    assertThat(result.path("metadata").path("labels"))
        .isEqualTo(tree("{\"team\":\"edge\",\"kuma.io/mesh\":\"default\"}"));
  }

  @Test
  void existingMeshLabelIsKeptEvenEmpty() {
    assertAllowedUnchanged(
        answer(
            Requests.kuma("MeshAccessLog", "meshaccesslogs")
                .create(trace("{\"kuma.io/mesh\":\"\"}"))));
    assertAllowedUnchanged(
        answer(
            Requests.kuma("MeshTrace", "meshtraces").create(trace("{\"kuma.io/mesh\":\"demo\"}"))));
  }

  @Test
  void otherKindsAreNotDefaulted() {
    assertAllowedUnchanged(
        answer(
            Requests.kuma("TrafficTrace", "traffictraces")
                .create(
                    "{\"apiVersion\":\"kuma.io/v1alpha1\",\"kind\":\"TrafficTrace\","
                        + "\"mesh\":\"default\",\"metadata\":{\"name\":\"t\"},\"spec\":{}}")));
  }

  @Test
  void deleteIsNotDefaulted() {
    assertAllowedUnchanged(
        answer(Requests.kuma("MeshTrace", "meshtraces").name("t").delete(trace(null))));
  }
}
