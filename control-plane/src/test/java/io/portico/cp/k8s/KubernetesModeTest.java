package io.portico.cp.k8s;

import static io.portico.cp.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.portico.cp.ApiClient;
import io.portico.cp.ControlPlane;
import io.portico.cp.FakeRsaKeyPairs;
import io.portico.cp.TestControlPlanes;
import io.portico.cp.config.ConfigException;
import io.portico.cp.tls.ServerCertificate;
import io.portico.cp.tls.ServerCertificates;
import io.portico.mesh.api.types.KubernetesKinds;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control plane with {@code environment: kubernetes} (spec/kubernetes.md §1, §3.5, §10) against
 * fabric8's mock API server in CRUD mode: the store is the API server, the REST API reads it and
 * refuses writes with Kuma's message, leadership is a Lease.
 */
class KubernetesModeTest {
  MockApiServer mock;
  KubernetesClient client;
  @TempDir Path workDir;
  ControlPlane cp;

  @BeforeEach
  void startMock() {
    mock = MockApiServer.start();
    client = mock.client();
  }

  @AfterEach
  void stop() {
    if (cp != null) {
      cp.close();
    }
    mock.close();
  }

  private Map<String, String> kubernetesEnv() {
    Map<String, String> env = new HashMap<>();
    env.put("PORTICO_ENVIRONMENT", "kubernetes");
    env.put("PORTICO_STORE_TYPE", "kubernetes");
    env.put("PORTICO_API_SERVER_READ_ONLY", "true");
    env.put("PORTICO_DP_SERVER_AUTH_TYPE", "none");
    env.put("PORTICO_RUNTIME_KUBERNETES_ADMISSION_SERVER_CERT_DIR", certDir().toString());
    env.put("PORTICO_RUNTIME_KUBERNETES_ADMISSION_SERVER_PORT", "0");
    env.put(
        "PORTICO_RUNTIME_KUBERNETES_INJECTOR_CA_CERT_FILE",
        certDir().resolve("tls.crt").toString());
    return env;
  }

  /** The webhook server's pair, as the installer's Secret mounts it. */
  private Path certDir() {
    Path dir = workDir.resolve("tls-cert");
    if (!Files.exists(dir.resolve("tls.crt"))) {
      ServerCertificate pair =
          new ServerCertificates(Clock.systemUTC(), new FakeRsaKeyPairs())
              .generate(Set.of("kuma-control-plane.kuma-system.svc", "localhost"));
      ServerCertificates.save(pair, dir.resolve("tls.crt"), dir.resolve("tls.key"));
    }
    return dir;
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
        TestControlPlanes.options().withKubernetesClients(() -> mock.server().createClient()));
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
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(
                        client
                            .secrets()
                            .inNamespace("kuma-system")
                            .withName("dataplane-token-signing-key-default-1")
                            .get())
                    .isNotNull());
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
                    TestControlPlanes.options()
                        .withKubernetesClients(() -> mock.server().createClient())))
        .hasMessageContaining("the custom resource definition")
        .hasMessageContaining("porticoctl install crds");
  }

  @Test
  void theControllersRunGatewaysAndDataplanesForPods() {
    cp = start();
    ApiClient api = ApiClient.of(cp);
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build())
        .create();
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
            List.of(Map.of("match", Map.of("kuma.io/service", "edge-gateway"))),
            "conf",
            Map.of("listeners", List.of(Map.of("port", 8080, "protocol", "HTTP")))));
    client.genericKubernetesResources(context("MeshGateway")).resource(gateway).create();
    GenericKubernetesResource instance = new GenericKubernetesResource();
    instance.setApiVersion(KubernetesKinds.API_VERSION);
    instance.setKind("MeshGatewayInstance");
    instance.setMetadata(
        new ObjectMetaBuilder().withName("edge-gateway").withNamespace("shop").build());
    instance.setAdditionalProperty(
        "spec",
        Map.of(
            "replicas",
            1,
            "serviceType",
            "ClusterIP",
            "tags",
            Map.of("kuma.io/service", "edge-gateway")));
    client
        .genericKubernetesResources(context("MeshGatewayInstance"))
        .inNamespace("shop")
        .resource(instance)
        .create();

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(
                        client
                            .apps()
                            .deployments()
                            .inNamespace("shop")
                            .withName("edge-gateway")
                            .get())
                    .isNotNull());

    // As the kubelet would: a pod of the Deployment, with its IP.
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("edge-gateway-7c9f-x2x7q")
            .withNamespace("shop")
            .withAnnotations(
                Map.of(
                    "kuma.io/gateway",
                    "builtin",
                    "kuma.io/tags",
                    "{\"kuma.io/service\":\"edge-gateway\"}"))
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("kuma-gateway")
            .withImage("portico/portico-dp")
            .endContainer()
            .endSpec()
            .build();
    Pod created = client.pods().resource(pod).create();
    created.setStatus(new PodStatusBuilder().withPodIP("10.0.0.7").build());
    client.pods().resource(created).updateStatus();

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              HttpResponse<String> r =
                  api.get("/meshes/default/dataplanes/edge-gateway-7c9f-x2x7q.shop");
              assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
              assertThat(json(r).at("/networking/address").asText()).isEqualTo("10.0.0.7");
              assertThat(json(r).at("/networking/gateway/tags/kuma.io~1service").asText())
                  .isEqualTo("edge-gateway");
            });
  }

  /** POSTs an AdmissionReview to the webhook server, trusting the mounted certificate. */
  private HttpResponse<String> review(String path, String review) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (var in = Files.newInputStream(certDir().resolve("tls.crt"))) {
      trust.setCertificateEntry(
          "webhook", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    return HttpClient.newBuilder()
        .sslContext(ssl)
        .build()
        .send(
            HttpRequest.newBuilder(
                    URI.create("https://localhost:" + cp.kubernetes().admissionPort() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(review))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aMeshWhoseProvidedCaSecretIsMissingIsRefusedWithItsFieldPath() throws Exception {
    cp = start();
    ApiClient api = ApiClient.of(cp);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> api.get("/meshes/default").statusCode() == 200);
    String mesh =
        """
        {"apiVersion":"kuma.io/v1alpha1","kind":"Mesh","metadata":{"name":"prov"},
         "spec":{"mtls":{"enabledBackend":"ca-1","backends":[{"name":"ca-1","type":"provided",
           "conf":{"cert":{"secret":"nope"},"key":{"secret":"nope"}}}]}}}
        """;
    String review =
        """
        {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview",
         "request":{"uid":"u-2","operation":"CREATE","name":"prov",
           "kind":{"group":"kuma.io","version":"v1alpha1","kind":"Mesh"},
           "resource":{"group":"kuma.io","version":"v1alpha1","resource":"meshes"},
           "userInfo":{"username":"kubernetes-admin"},
           "object":%s}}
        """
            .formatted(mesh);

    HttpResponse<String> r = review("/validate-kuma-io-v1alpha1", review);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).at("/response/allowed").asBoolean()).as(r.body()).isFalse();
    assertThat(json(r).at("/response/status/code").asInt()).isEqualTo(422);
    assertThat(json(r).at("/response/status/details/causes").toString())
        .contains("\"field\":\"spec.mtls.backends[0].conf.cert.secret\"")
        .contains("secret \\\"nope\\\" not found in mesh \\\"prov\\\"");
  }

  @Test
  void theWebhooksAnswerOverHttpsWithTheMountedCertificate() throws Exception {
    cp = start();
    String review =
        """
        {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview",
         "request":{"uid":"u-1","operation":"CREATE","namespace":"shop","name":"web",
           "kind":{"group":"","version":"v1","kind":"Service"},
           "resource":{"group":"","version":"v1","resource":"services"},
           "userInfo":{"username":"kubernetes-admin"},
           "object":{"apiVersion":"v1","kind":"Service",
             "metadata":{"name":"web","namespace":"shop",
               "annotations":{"80.service.kuma.io/protocol":"mongo"}},
             "spec":{"ports":[{"port":80}]}}}}
        """;

    HttpResponse<String> r = review("/validate-v1-service", review);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).at("/response/uid").asText()).isEqualTo("u-1");
    assertThat(json(r).at("/response/allowed").asBoolean()).isFalse();
    assertThat(json(r).at("/response/status/code").asInt()).isEqualTo(422);
    assertThat(json(r).at("/response/status/message").asText())
        .contains("value \"mongo\" is not valid");
  }
}
