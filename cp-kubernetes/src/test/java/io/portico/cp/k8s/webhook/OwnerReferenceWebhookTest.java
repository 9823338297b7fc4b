package io.portico.cp.k8s.webhook;

import static io.portico.cp.k8s.webhook.Requests.patch;
import static io.portico.cp.k8s.webhook.Requests.response;
import static io.portico.cp.k8s.webhook.Requests.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.portico.mesh.api.codec.ResourceCodec;
import org.junit.jupiter.api.Test;

/**
 * {@code /owner-reference-kuma-io-v1alpha1} (spec/kubernetes.md §7.5): the refusals in their order
 * and the patch, applied to the object.
 */
class OwnerReferenceWebhookTest {
  private final FakeCluster cluster = new FakeCluster().mesh("default", "uid-mesh-default");
  private final OwnerReferenceWebhook webhook =
      new OwnerReferenceWebhook(ResourceCodec.standard(), cluster);

  private static final String TIMEOUT =
      """
      {"apiVersion":"kuma.io/v1alpha1","kind":"Timeout",%s
       "metadata":{"name":"timeout-all"%s},
       "spec":{"sources":[{"match":{"kuma.io/service":"*"}}],
               "destinations":[{"match":{"kuma.io/service":"*"}}]}}
      """;

  private static String timeout(String mesh) {
    return TIMEOUT.formatted(mesh == null ? "" : "\"mesh\":\"" + mesh + "\",", "");
  }

  private String answer(Requests.Builder request) {
    return AdmissionReview.answer(webhook, request.json());
  }

  /** The object as the API server stores it after the patch. */
  private static JsonNode patched(String answer, String object) {
    assertThat(response(answer).path("allowed").asBoolean()).isTrue();
    assertThat(response(answer).path("patchType").asText()).isEqualTo("JSONPatch");
    return JsonPatchApplier.apply(patch(answer), tree(object));
  }

  @Test
  void emptyMeshIsInvalidBeforeAnythingElse() {
    String answer = answer(Requests.kuma("Timeout", "timeouts").create(timeout(null)));
    assertThat(response(answer))
        .isEqualTo(
            tree(
                """
                {"uid":"%s","allowed":false,
                 "status":{"status":"Failure","code":422,"reason":"Invalid","message":"mesh: cannot be empty",
                   "details":{"name":"timeout-all","kind":"Timeout",
                     "causes":[{"reason":"FieldValueInvalid","field":"mesh","message":"cannot be empty"}]}}}
                """
                    .formatted(Requests.UID)));
  }

  @Test
  void missingMeshIsErrored400() {
    String answer = answer(Requests.kuma("Timeout", "timeouts").create(timeout("demo")));
    assertThat(response(answer))
        .isEqualTo(
            tree(
                """
                {"uid":"%s","allowed":false,
                 "status":{"code":400,"message":"meshes.kuma.io \\"demo\\" not found"}}
                """
                    .formatted(Requests.UID)));
  }

  @Test
  void meshBecomesTheOwner() {
    String object = timeout("default");
    JsonNode result = patched(answer(Requests.kuma("Timeout", "timeouts").create(object)), object);
    assertThat(result.path("metadata").path("ownerReferences"))
        .isEqualTo(
            tree(
                """
                [{"apiVersion":"kuma.io/v1alpha1","kind":"Mesh","name":"default","uid":"uid-mesh-default"}]
                """));
    ((com.fasterxml.jackson.databind.node.ObjectNode) result.path("metadata"))
        .remove("ownerReferences");
    assertThat(result).as("nothing else changes").isEqualTo(tree(object));
  }

  @Test
  void otherOwnersAreKept() {
    String object =
        TIMEOUT.formatted(
            "\"mesh\":\"default\",",
            ",\"ownerReferences\":[{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"name\":\"x\",\"uid\":\"u\"}]");
    JsonNode result = patched(answer(Requests.kuma("Timeout", "timeouts").create(object)), object);
    assertThat(result.path("metadata").path("ownerReferences"))
        .isEqualTo(
            tree(
                """
                [{"apiVersion":"v1","kind":"ConfigMap","name":"x","uid":"u"},
                 {"apiVersion":"kuma.io/v1alpha1","kind":"Mesh","name":"default","uid":"uid-mesh-default"}]
                """));
  }

  @Test
  void staleReferenceToTheMeshIsReplaced() {
    String object =
        TIMEOUT.formatted(
            "\"mesh\":\"default\",",
            ",\"ownerReferences\":[{\"apiVersion\":\"kuma.io/v1alpha1\",\"kind\":\"Mesh\",\"name\":\"default\",\"uid\":\"old\"}]");
    JsonNode result = patched(answer(Requests.kuma("Timeout", "timeouts").create(object)), object);
    assertThat(result.path("metadata").path("ownerReferences"))
        .isEqualTo(
            tree(
                """
                [{"apiVersion":"kuma.io/v1alpha1","kind":"Mesh","name":"default","uid":"uid-mesh-default"}]
                """));
  }

  @Test
  void targetRefPolicyWithoutLabelIsOwnedByTheDefaultMesh() {
    String object =
        """
        {"apiVersion":"kuma.io/v1alpha1","kind":"MeshTrace",
         "metadata":{"name":"trace","namespace":"kuma-system"},
         "spec":{"targetRef":{"kind":"Mesh"}}}
        """;
    JsonNode result =
        patched(answer(Requests.kuma("MeshTrace", "meshtraces").create(object)), object);
    assertThat(result.path("metadata").path("ownerReferences").get(0).path("name").asText())
        .isEqualTo("default");
  }

  @Test
  void dataplaneInsightIsOwnedByItsDataplane() {
    cluster.dataplane("default", "web-1", "default", "uid-dp-web-1");
    String object =
        """
        {"apiVersion":"kuma.io/v1alpha1","kind":"DataplaneInsight","mesh":"default",
         "metadata":{"name":"web-1","namespace":"default"},"status":{}}
        """;
    JsonNode result =
        patched(
            answer(Requests.kuma("DataplaneInsight", "dataplaneinsights").create(object)), object);
    assertThat(result.path("metadata").path("ownerReferences"))
        .isEqualTo(
            tree(
                """
                [{"apiVersion":"kuma.io/v1alpha1","kind":"Dataplane","name":"web-1","uid":"uid-dp-web-1"}]
                """));
  }

  @Test
  void dataplaneInsightWithoutDataplaneIsErrored400() {
    String object =
        """
        {"apiVersion":"kuma.io/v1alpha1","kind":"DataplaneInsight","mesh":"default",
         "metadata":{"name":"web-1","namespace":"default"},"status":{}}
        """;
    String answer = answer(Requests.kuma("DataplaneInsight", "dataplaneinsights").create(object));
    assertThat(response(answer))
        .isEqualTo(
            tree(
                """
                {"uid":"%s","allowed":false,
                 "status":{"code":400,"message":"dataplanes.kuma.io \\"web-1\\" not found"}}
                """
                    .formatted(Requests.UID)));
  }

  @Test
  void updateIsAllowedUnchanged() {
    String object = timeout("demo");
    String answer = answer(Requests.kuma("Timeout", "timeouts").update(object, object));
    assertThat(response(answer))
        .isEqualTo(
            tree("{\"uid\":\"" + Requests.UID + "\",\"allowed\":true,\"status\":{\"code\":200}}"));
  }

  @Test
  void kindWithoutMeshIsAllowedUnchanged() {
    String answer =
        answer(
            Requests.kuma("Mesh", "meshes")
                .create(
                    "{\"apiVersion\":\"kuma.io/v1alpha1\",\"kind\":\"Mesh\","
                        + "\"metadata\":{\"name\":\"demo\"}}"));
    assertThat(response(answer).path("allowed").asBoolean()).isTrue();
    assertThat(response(answer).has("patch")).isFalse();
  }
}
