package io.portico.cp.k8s.webhook;

import static io.portico.cp.k8s.webhook.Requests.response;
import static io.portico.cp.k8s.webhook.Requests.tree;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code /validate-v1-secret}: the §7.4 Secret and GlobalSecret rows. */
class SecretValidationWebhookTest {
  private final FakeCluster cluster = new FakeCluster();

  private static String secret(String type, String labels, String data) {
    return """
        {"apiVersion":"v1","kind":"Secret","type":"%s",
         "metadata":{"name":"sec-1","namespace":"kuma-system","labels":%s},
         "data":%s}
        """
        .formatted(type, labels, data);
  }

  private static final String MESH_SECRET = "system.kuma.io/secret";
  private static final String GLOBAL_SECRET = "system.kuma.io/global-secret";
  private static final String VALUE = "{\"value\":\"dGVzdAo=\"}";

  private String answer(Requests.Builder request) {
    return answer(false, request);
  }

  private String answer(boolean unsafeDelete, Requests.Builder request) {
    return AdmissionReview.answer(
        new SecretValidationWebhook(unsafeDelete, cluster), request.json());
  }

  private static Requests.Builder secrets() {
    return Requests.core("Secret", "secrets");
  }

  private static void assertAllowed(String answer) {
    assertThat(response(answer))
        .isEqualTo(
            tree("{\"uid\":\"" + Requests.UID + "\",\"allowed\":true,\"status\":{\"code\":200}}"));
  }

  private static void assertInvalid(String answer, String kind, String field, String message) {
    String details = kind.isEmpty() ? "" : "\"kind\":\"" + kind + "\",";
    assertThat(response(answer))
        .isEqualTo(
            tree(
                """
                {"uid":"%s","allowed":false,
                 "status":{"status":"Failure","code":422,"reason":"Invalid","message":%s,
                   "details":{"name":"sec-1",%s
                     "causes":[{"reason":"FieldValueInvalid","field":%s,"message":%s}]}}}
                """
                    .formatted(
                        Requests.UID,
                        quote(field + ": " + message),
                        details,
                        quote(field),
                        quote(message))));
  }

  private static String quote(String text) {
    return Requests.JSON.getNodeFactory().textNode(text).toString();
  }

  @Test
  void meshSecretIsAllowed() {
    assertAllowed(
        answer(secrets().create(secret(MESH_SECRET, "{\"kuma.io/mesh\":\"default\"}", VALUE))));
  }

  @Test
  void meshSecretWithoutMeshLabelIsAllowed() {
    assertAllowed(answer(secrets().create(secret(MESH_SECRET, "{}", VALUE))));
  }

  @Test
  void meshSecretOfMissingMeshIsAllowed() {
    assertAllowed(
        answer(secrets().create(secret(MESH_SECRET, "{\"kuma.io/mesh\":\"nowhere\"}", VALUE))));
  }

  @Test
  void globalSecretIsAllowed() {
    assertAllowed(answer(secrets().create(secret(GLOBAL_SECRET, "{}", VALUE))));
  }

  @Test
  void otherSecretTypesAreNotChecked() {
    assertAllowed(answer(secrets().create(secret("Opaque", "{\"kuma.io/mesh\":\"x\"}", "{}"))));
  }

  @Test
  void meshSecretWithoutValueIsInvalid() {
    assertInvalid(
        answer(secrets().create(secret(MESH_SECRET, "{\"kuma.io/mesh\":\"default\"}", "{}"))),
        "Secret",
        "data.value",
        "cannot be empty.");
  }

  @Test
  void meshOfSecretIsImmutable() {
    String answer =
        answer(
            secrets()
                .update(
                    secret(MESH_SECRET, "{\"kuma.io/mesh\":\"default\"}", VALUE),
                    secret(MESH_SECRET, "{\"kuma.io/mesh\":\"second\"}", VALUE)));
    assertInvalid(
        answer,
        "Secret",
        "metadata.labels[\"kuma.io/mesh\"]",
        "cannot change mesh of the Secret. Delete the Secret first and apply it again.");
  }

  @Test
  void absentMeshLabelIsTheDefaultMeshOnUpdate() {
    assertAllowed(
        answer(
            secrets()
                .update(
                    secret(MESH_SECRET, "{\"kuma.io/mesh\":\"default\"}", VALUE),
                    secret(MESH_SECRET, "{}", VALUE))));
  }

  @Test
  void meshChangeAndEmptyValueAreReportedTogether() {
    String answer =
        answer(
            secrets()
                .update(
                    secret(MESH_SECRET, "{\"kuma.io/mesh\":\"default\"}", "{\"value\":\"\"}"),
                    secret(MESH_SECRET, "{\"kuma.io/mesh\":\"second\"}", VALUE)));
    assertThat(response(answer).path("status").path("message").asText())
        .isEqualTo(
            "metadata.labels[\"kuma.io/mesh\"]: cannot change mesh of the Secret. Delete the Secret"
                + " first and apply it again.; data.value: cannot be empty.");
  }

  @Test
  void globalSecretWithMeshLabelIsInvalid() {
    assertInvalid(
        answer(secrets().create(secret(GLOBAL_SECRET, "{\"kuma.io/mesh\":\"default\"}", VALUE))),
        "Secret",
        "metadata.labels[\"kuma.io/mesh\"]",
        "mesh cannot be set on global secret");
  }

  @Test
  void globalSecretWithoutValueIsInvalid() {
    assertInvalid(
        answer(secrets().create(secret(GLOBAL_SECRET, "{}", "{}"))),
        "Secret",
        "data.value",
        "cannot be empty.");
  }

  @Test
  void secretInUseIsNotDeleted() {
    cluster.secretUsedBy("default", "sec-1", "ca-1");
    String answer =
        answer(
            secrets()
                .namespace("kuma-system")
                .name("sec-1")
                .delete(secret(MESH_SECRET, "{}", VALUE)));
    assertInvalid(
        answer,
        "",
        "name",
        "The secret \"sec-1\" that you are trying to remove is currently in use in Mesh \"default\""
            + " in mTLS backend \"ca-1\". Please remove the reference from the \"ca-1\" backend"
            + " before removing the secret.");
  }

  @Test
  void secretNotInUseIsDeleted() {
    cluster.secretUsedBy("other", "sec-1", "ca-1");
    assertAllowed(
        answer(
            secrets()
                .namespace("kuma-system")
                .name("sec-1")
                .delete(secret(MESH_SECRET, "{}", VALUE))));
  }

  @Test
  void unsafeDeleteDeletesSecretInUse() {
    cluster.secretUsedBy("default", "sec-1", "ca-1");
    assertAllowed(
        answer(
            true,
            secrets()
                .namespace("kuma-system")
                .name("sec-1")
                .delete(secret(MESH_SECRET, "{}", VALUE))));
  }
}
