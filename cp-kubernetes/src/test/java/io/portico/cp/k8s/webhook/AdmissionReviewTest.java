package io.portico.cp.k8s.webhook;

import static io.portico.cp.k8s.webhook.Requests.tree;
import static org.assertj.core.api.Assertions.assertThat;

import io.portico.mesh.api.validation.Violation;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The AdmissionReview envelope: each verdict's exact shape (spec/kubernetes.md §7.2). */
class AdmissionReviewTest {
  private static String answer(Verdict verdict) {
    return AdmissionReview.answer(
        request -> verdict,
        Requests.kuma("Mesh", "meshes")
            .create(
                "{\"apiVersion\":\"kuma.io/v1alpha1\",\"kind\":\"Mesh\",\"metadata\":{\"name\":\"m\"}}")
            .json());
  }

  @Test
  void responseEchoesTheRequestUid() {
    assertThat(tree(answer(Verdict.ALLOWED)))
        .isEqualTo(
            tree(
                """
                {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview",
                 "response":{"uid":"%s","allowed":true,"status":{"code":200}}}
                """
                    .formatted(Requests.UID)));
  }

  @Test
  void patchIsBase64JsonPatch() {
    JsonPatch patch =
        JsonPatch.builder()
            .add(JsonPatch.pointer("metadata", "labels", "kuma.io/mesh"), "m")
            .build();
    var response = tree(answer(Verdict.patch(patch))).path("response");
    assertThat(response.path("allowed").asBoolean()).isTrue();
    assertThat(response.path("patchType").asText()).isEqualTo("JSONPatch");
    assertThat(response.has("status")).isFalse();
    String json =
        new String(
            Base64.getDecoder().decode(response.path("patch").asText()), StandardCharsets.UTF_8);
    assertThat(tree(json))
        .isEqualTo(
            tree("[{\"op\":\"add\",\"path\":\"/metadata/labels/kuma.io~1mesh\",\"value\":\"m\"}]"));
  }

  @Test
  void emptyPatchIsPlainAllowed() {
    assertThat(Verdict.patch(JsonPatch.EMPTY)).isEqualTo(Verdict.ALLOWED);
  }

  @Test
  void invalidWithoutNameOrKindLeavesThemOut() {
    var status =
        tree(answer(new Verdict.Invalid("", "", List.of(new Violation("name", "in use")))))
            .path("response")
            .path("status");
    assertThat(status.path("details"))
        .isEqualTo(
            tree(
                "{\"causes\":[{\"reason\":\"FieldValueInvalid\",\"field\":\"name\",\"message\":\"in use\"}]}"));
  }

  @Test
  void bodyThatIsNotAReviewIsErrored400() {
    assertThat(tree(AdmissionReview.answer(request -> Verdict.ALLOWED, "{\"kind\":\"Pod\"}")))
        .isEqualTo(
            tree(
                """
                {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview",
                 "response":{"uid":"","allowed":false,
                   "status":{"code":400,"message":"the body is not an AdmissionReview: no request"}}}
                """));
  }

  @Test
  void failedLookupIsErrored500() {
    String answer =
        AdmissionReview.answer(
            request -> {
              throw new IllegalStateException("informer not synced");
            },
            Requests.kuma("Mesh", "meshes").name("m").delete(null).json());
    assertThat(tree(answer).path("response"))
        .isEqualTo(
            tree(
                "{\"uid\":\"%s\",\"allowed\":false,\"status\":{\"code\":500,\"message\":\"informer not synced\"}}"
                    .formatted(Requests.UID)));
  }
}
