package io.portico.cp.k8s;

import static io.portico.cp.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.portico.cp.ApiClient;
import io.portico.cp.ControlPlane;
import io.portico.cp.TestControlPlanes;
import io.portico.cp.config.ConfigException;
import io.portico.mesh.api.types.KubernetesKinds;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control plane with {@code environment: kubernetes} (spec/kubernetes.md §1, §3.5, §10) against
 * fabric8's mock API server in CRUD mode: the store is the API server, the REST API reads it and
 * refuses writes with Kuma's message, leadership is a Lease.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesModeTest {
  KubernetesClient client;
  @TempDir Path workDir;
  ControlPlane cp;

  @AfterEach
  void stop() {
    if (cp != null) {
      cp.close();
    }
  }

  private Map<String, String> kubernetesEnv() {
    Map<String, String> env = new HashMap<>();
    env.put("PORTICO_ENVIRONMENT", "kubernetes");
    env.put("PORTICO_STORE_TYPE", "kubernetes");
    env.put("PORTICO_API_SERVER_READ_ONLY", "true");
    env.put("PORTICO_DP_SERVER_AUTH_TYPE", "none");
    env.put("PORTICO_RUNTIME_KUBERNETES_ADMISSION_SERVER_CERT_DIR", workDir.toString());
    return env;
  }

  private ControlPlane start() {
    TestCrds.registerAll(client);
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName("kuma-system").endMetadata().build())
        .create();
    return ControlPlane.start(
        TestControlPlanes.config(workDir, kubernetesEnv()),
        TestControlPlanes.options().withKubernetesClients(() -> client));
  }

  private static ResourceDefinitionContext context(String type) {
    var kind = KubernetesKinds.of(type).orElseThrow();
    return new ResourceDefinitionContext.Builder()
        .withGroup(KubernetesKinds.GROUP)
        .withVersion(KubernetesKinds.VERSION)
        .withKind(kind.kind())
        .withPlural(kind.plural())
        .withNamespaced(kind.isNamespaced())
        .build();
  }

  @Test
  void theDefaultMeshAndItsPoliciesAreCustomResources() {
    cp = start();
    ApiClient api = ApiClient.of(cp);

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> api.get("/meshes/default/timeouts/timeout-all-default").statusCode() == 200);
    assertThat(client.genericKubernetesResources(context("Mesh")).withName("default").get())
        .isNotNull();
    GenericKubernetesResource timeout =
        client.genericKubernetesResources(context("Timeout")).withName("timeout-all-default").get();
    assertThat(timeout.getAdditionalProperties()).containsEntry("mesh", "default");
    assertThat(timeout.getMetadata().getOwnerReferences())
        .extracting("kind")
        .containsExactly("Mesh");
    assertThat(
            client
                .secrets()
                .inNamespace("kuma-system")
                .withName("dataplane-token-signing-key-default-1")
                .get())
        .isNotNull();
  }

  @Test
  void resourcesWrittenWithKubectlAreServedByTheApi() {
    cp = start();
    ApiClient api = ApiClient.of(cp);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> api.get("/meshes/default").statusCode() == 200);
    GenericKubernetesResource gateway = new GenericKubernetesResource();
    gateway.setApiVersion(KubernetesKinds.API_VERSION);
    gateway.setKind("MeshGateway");
    gateway.setMetadata(new ObjectMetaBuilder().withName("edge-gateway").build());
    gateway.setAdditionalProperty("mesh", "default");
    gateway.setAdditionalProperty(
        "spec",
        Map.of(
            "selectors",
            java.util.List.of(Map.of("match", Map.of("kuma.io/service", "edge-gateway"))),
            "conf",
            Map.of("listeners", java.util.List.of(Map.of("port", 8080, "protocol", "HTTP")))));
    client.genericKubernetesResources(context("MeshGateway")).resource(gateway).create();

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              HttpResponse<String> r = api.get("/meshes/default/meshgateways/edge-gateway");
              assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
              assertThat(json(r).at("/conf/listeners/0/port").asInt()).isEqualTo(8080);
            });
  }

  @Test
  void theApiRefusesWritesWithKumasMessage() {
    cp = start();
    ApiClient api = ApiClient.of(cp);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> api.get("/meshes/default").statusCode() == 200);

    HttpResponse<String> put =
        api.put(
            "/meshes/default/timeouts/t1",
            "{\"type\":\"Timeout\",\"mesh\":\"default\",\"name\":\"t1\"}");
    HttpResponse<String> delete = api.delete("/meshes/default");

    for (HttpResponse<String> r : java.util.List.of(put, delete)) {
      assertThat(r.statusCode()).isEqualTo(405);
      assertThat(r.body())
          .isEqualTo(
              "On Kubernetes you cannot change the state of Kuma resources with 'kumactl apply' or"
                  + " via the HTTP API. As a best practice, you should always be using 'kubectl"
                  + " apply' instead. You can still use 'kumactl' or the HTTP API to make read-only"
                  + " operations. On Universal this limitation does not apply.\n");
    }
    assertThat(json(api.get("/policies")).at("/policies/0/readOnly").asBoolean()).isTrue();
  }

  @Test
  void theKubernetesStoreNeedsTheKubernetesEnvironmentAndTheCrds() {
    Map<String, String> universal = new HashMap<>(kubernetesEnv());
    universal.put("PORTICO_ENVIRONMENT", "universal");
    assertThatThrownBy(() -> TestControlPlanes.config(workDir, universal))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("the kubernetes store needs environment kubernetes");

    assertThatThrownBy(
            () ->
                ControlPlane.start(
                    TestControlPlanes.config(workDir, kubernetesEnv()),
                    TestControlPlanes.options().withKubernetesClients(() -> client)))
        .hasMessageContaining("the custom resource definition")
        .hasMessageContaining("porticoctl install crds");
  }
}
