package io.portico.cp.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.portico.cp.ApiClient;
import io.portico.cp.ControlPlane;
import io.portico.cp.FakeRsaKeyPairs;
import io.portico.cp.TestControlPlanes;
import io.portico.cp.tls.ServerCertificate;
import io.portico.cp.tls.ServerCertificates;
import io.portico.mesh.api.types.KubernetesKinds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runtime.kubernetes.injector.caCertFile} (spec/kubernetes.md §10) is read at start: the
 * proxies the control plane generates trust it through {@code PORTICO_CONTROL_PLANE_CA_CERT}
 * (§4.5).
 */
@EnableKubernetesMockClient(crud = true)
class InjectorCaCertFileTest {
  KubernetesClient client;
  @TempDir Path workDir;
  ControlPlane cp;

  @AfterEach
  void stop() {
    if (cp != null) {
      cp.close();
    }
  }

  @Test
  void theGatewayContainerCarriesThePemOfTheCaCertFile() throws Exception {
    Path certDir = workDir.resolve("tls-cert");
    ServerCertificate pair =
        new ServerCertificates(Clock.systemUTC(), new FakeRsaKeyPairs())
            .generate(Set.of("kuma-control-plane.kuma-system.svc"));
    ServerCertificates.save(pair, certDir.resolve("tls.crt"), certDir.resolve("tls.key"));
    Path caFile = certDir.resolve("ca.crt");
    Files.copy(certDir.resolve("tls.crt"), caFile);
    Map<String, String> env = new HashMap<>();
    env.put("PORTICO_ENVIRONMENT", "kubernetes");
    env.put("PORTICO_STORE_TYPE", "kubernetes");
    env.put("PORTICO_DP_SERVER_AUTH_TYPE", "none");
    env.put("PORTICO_RUNTIME_KUBERNETES_ADMISSION_SERVER_CERT_DIR", certDir.toString());
    env.put("PORTICO_RUNTIME_KUBERNETES_ADMISSION_SERVER_PORT", "0");
    env.put("PORTICO_RUNTIME_KUBERNETES_INJECTOR_CA_CERT_FILE", caFile.toString());
    TestCrds.registerAll(client);
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName("kuma-system").endMetadata().build())
        .create();
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build())
        .create();
    cp =
        ControlPlane.start(
            TestControlPlanes.config(workDir, env),
            TestControlPlanes.options().withKubernetesClients(() -> client));
    ApiClient api = ApiClient.of(cp);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> api.get("/meshes/default").statusCode() == 200);

    create(
        "MeshGateway",
        null,
        Map.of(
            "selectors",
            List.of(Map.of("match", Map.of("kuma.io/service", "edge-gateway"))),
            "conf",
            Map.of("listeners", List.of(Map.of("port", 8080, "protocol", "HTTP")))));
    create(
        "MeshGatewayInstance",
        "shop",
        Map.of("serviceType", "ClusterIP", "tags", Map.of("kuma.io/service", "edge-gateway")));

    Deployment deployment =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () ->
                    client.apps().deployments().inNamespace("shop").withName("edge-gateway").get(),
                d -> d != null);
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .filteredOn(e -> e.getName().equals("PORTICO_CONTROL_PLANE_CA_CERT"))
        .extracting(EnvVar::getValue)
        .containsExactly(Files.readString(caFile));
  }

  private void create(String kind, String namespace, Map<String, Object> spec) {
    var type = KubernetesKinds.of(kind).orElseThrow();
    ResourceDefinitionContext context =
        new ResourceDefinitionContext.Builder()
            .withGroup(KubernetesKinds.GROUP)
            .withVersion(KubernetesKinds.VERSION)
            .withKind(type.kind())
            .withPlural(type.plural())
            .withNamespaced(type.isNamespaced())
            .build();
    GenericKubernetesResource resource = new GenericKubernetesResource();
    resource.setApiVersion(KubernetesKinds.API_VERSION);
    resource.setKind(kind);
    resource.setMetadata(
        new ObjectMetaBuilder().withName("edge-gateway").withNamespace(namespace).build());
    if (namespace == null) {
      resource.setAdditionalProperty("mesh", "default");
    }
    resource.setAdditionalProperty("spec", spec);
    var resources = client.genericKubernetesResources(context);
    (namespace == null ? resources : resources.inNamespace(namespace)).resource(resource).create();
  }
}
