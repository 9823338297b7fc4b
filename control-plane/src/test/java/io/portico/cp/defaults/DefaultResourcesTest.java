package io.portico.cp.defaults;

import static io.portico.cp.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.portico.cp.ApiClient;
import io.portico.cp.ControlPlane;
import io.portico.cp.ReopenableStore;
import io.portico.cp.TestControlPlanes;
import io.portico.cp.secret.SecretData;
import io.portico.cp.secret.SigningKeyPem;
import io.portico.mesh.api.codec.ResourceCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Default mesh and per-mesh default resources (spec/core.md §1.5–1.6, §6.3). */
class DefaultResourcesTest {
  static final List<String> DEFAULT_POLICY_PATHS =
      List.of(
          "traffic-permissions/allow-all-",
          "traffic-routes/route-all-",
          "timeouts/timeout-all-",
          "circuit-breakers/circuit-breaker-all-",
          "retries/retry-all-");

  @TempDir Path workDir;

  ControlPlane start(ReopenableStore store, Map<String, String> overrides) {
    return ControlPlane.start(
        TestControlPlanes.config(workDir, overrides),
        TestControlPlanes.options().withStoreOpener(store.opener()));
  }

  static void awaitLeaderJobsDone(ApiClient api) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> api.get("/global-secrets/admin-user-token").statusCode() == 200);
  }

  static List<String> versionsAndTimes(ApiClient api, String mesh) {
    List<String> out = new ArrayList<>();
    for (String path : DEFAULT_POLICY_PATHS) {
      JsonNode r = json(api.get("/meshes/" + mesh + "/" + path + mesh));
      out.add(
          path + " " + r.path("creationTime").asText() + " " + r.path("modificationTime").asText());
    }
    JsonNode key =
        json(api.get("/meshes/" + mesh + "/secrets/" + MeshDefaults.signingKeyName(mesh)));
    out.add(key.path("data").asText());
    return out;
  }

  @Test
  void defaultMeshAndItsResourcesAreCreatedAtFirstStart() {
    ReopenableStore store = new ReopenableStore();
    try (ControlPlane cp = start(store, Map.of())) {
      ApiClient api = ApiClient.of(cp);
      awaitLeaderJobsDone(api);
      assertThat(api.get("/meshes/default").statusCode()).isEqualTo(200);
      for (String path : DEFAULT_POLICY_PATHS) {
        assertThat(api.get("/meshes/default/" + path + "default").statusCode())
            .as(path)
            .isEqualTo(200);
      }
      JsonNode key = json(api.get("/meshes/default/secrets/dataplane-token-signing-key-default-1"));
      String pem =
          new String(
              java.util.Base64.getDecoder().decode(key.path("data").asText()),
              StandardCharsets.US_ASCII);
      assertThat(pem).startsWith("-----BEGIN RSA PRIVATE KEY-----");
      assertThat(SigningKeyPem.fromPem(pem).getPrivate().getAlgorithm()).isEqualTo("RSA");
      assertThat(api.get("/global-secrets/user-token-signing-key-1").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void defaultsAreCreatedExactlyOnceAcrossARestart() {
    ReopenableStore store = new ReopenableStore();
    List<String> before;
    String adminToken;
    try (ControlPlane cp = start(store, Map.of())) {
      ApiClient api = ApiClient.of(cp);
      awaitLeaderJobsDone(api);
      before = versionsAndTimes(api, "default");
      adminToken = json(api.get("/global-secrets/admin-user-token")).path("data").asText();
      assertThat(json(api.get("/meshes")).path("total").asInt()).isEqualTo(1);
    }
    try (ControlPlane cp = start(store, Map.of())) {
      ApiClient api = ApiClient.of(cp);
      awaitLeaderJobsDone(api);
      assertThat(versionsAndTimes(api, "default")).isEqualTo(before);
      assertThat(json(api.get("/global-secrets/admin-user-token")).path("data").asText())
          .isEqualTo(adminToken);
      assertThat(json(api.get("/meshes")).path("total").asInt()).isEqualTo(1);
      assertThat(json(api.get("/global-secrets")).path("total").asInt()).isEqualTo(2);
      assertThat(json(api.get("/meshes/default/traffic-permissions")).path("total").asInt())
          .isEqualTo(1);
    }
  }

  @Test
  void deletedDefaultPolicyIsNotRecreatedOnRestart() {
    ReopenableStore store = new ReopenableStore();
    try (ControlPlane cp = start(store, Map.of())) {
      ApiClient api = ApiClient.of(cp);
      awaitLeaderJobsDone(api);
      assertThat(api.delete("/meshes/default/traffic-permissions/allow-all-default").statusCode())
          .isEqualTo(200);
    }
    try (ControlPlane cp = start(store, Map.of())) {
      ApiClient api = ApiClient.of(cp);
      awaitLeaderJobsDone(api);
      assertThat(api.get("/meshes/default/traffic-permissions/allow-all-default").statusCode())
          .isEqualTo(404);
    }
  }

  @Test
  void meshCreatedThroughTheApiGetsItsDefaults() {
    try (ControlPlane cp = TestControlPlanes.start(workDir, Map.of())) {
      ApiClient api = ApiClient.of(cp);
      assertThat(
              api.put("/meshes/payments", "{\"type\":\"Mesh\",\"name\":\"payments\"}").statusCode())
          .isEqualTo(201);
      for (String path : DEFAULT_POLICY_PATHS) {
        assertThat(api.get("/meshes/payments/" + path + "payments").statusCode())
            .as(path)
            .isEqualTo(200);
      }
      assertThat(
              api.get("/meshes/payments/secrets/dataplane-token-signing-key-payments-1")
                  .statusCode())
          .isEqualTo(200);
      assertThat(
              api.put("/meshes/payments", "{\"type\":\"Mesh\",\"name\":\"payments\"}").statusCode())
          .isEqualTo(200);
      assertThat(json(api.get("/meshes/payments/retries")).path("total").asInt()).isEqualTo(1);
    }
  }

  @Test
  void skipMeshCreationLeavesNoMesh() {
    ReopenableStore store = new ReopenableStore();
    try (ControlPlane cp = start(store, Map.of("PORTICO_DEFAULTS_SKIP_MESH_CREATION", "true"))) {
      ApiClient api = ApiClient.of(cp);
      awaitLeaderJobsDone(api);
      assertThat(json(api.get("/meshes")).path("total").asInt()).isZero();
    }
  }

  @Test
  void adminTokenBootstrapCanBeDisabled() {
    ReopenableStore store = new ReopenableStore();
    try (ControlPlane cp =
        start(store, Map.of("PORTICO_API_SERVER_AUTHN_TOKENS_BOOTSTRAP_ADMIN_TOKEN", "false"))) {
      ApiClient api = ApiClient.of(cp);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> api.get("/global-secrets/user-token-signing-key-1").statusCode() == 200);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> api.get("/meshes/default/retries/retry-all-default").statusCode() == 200);
      assertThat(api.get("/global-secrets/admin-user-token").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void defaultPoliciesHoldTheKumaDefaults() {
    MeshDefaults defaults =
        new MeshDefaults(
            null,
            new ResourceCodec(io.portico.mesh.api.types.ResourceTypes.standard()),
            new SecretData(new ResourceCodec(io.portico.mesh.api.types.ResourceTypes.standard())),
            null);
    assertThat(defaults.policies("web"))
        .extracting(r -> r.type().name() + "/" + r.mesh() + "/" + r.name())
        .containsExactly(
            "TrafficPermission/web/allow-all-web",
            "TrafficRoute/web/route-all-web",
            "Timeout/web/timeout-all-web",
            "CircuitBreaker/web/circuit-breaker-all-web",
            "Retry/web/retry-all-web");
  }
}
