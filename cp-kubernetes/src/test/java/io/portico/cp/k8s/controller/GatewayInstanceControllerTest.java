package io.portico.cp.k8s.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.portico.cp.k8s.KubernetesSettings;
import io.portico.cp.k8s.MockApiServer;
import io.portico.cp.k8s.TestCrds;
import io.portico.cp.k8s.gateway.KubernetesVersion;
import io.portico.cp.k8s.store.KubernetesStore;
import io.portico.cp.k8s.store.LeaseLeaderElection;
import io.portico.cp.store.manager.ResourceManager;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.codec.ResourceCodec;
import io.portico.mesh.api.types.KubernetesKinds;
import io.portico.mesh.api.types.ResourceTypes;
import io.portico.mesh.api.validation.NameRules;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The MeshGatewayInstance controller's loop against the mock API server (spec/kubernetes.md §4): an
 * instance gets a Service and a Deployment it controls and a status; a MeshGateway change reaches
 * the Service; a deleted instance takes them along.
 */
class GatewayInstanceControllerTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  final MockApiServer apiServer = MockApiServer.start();
  final KubernetesClient client = apiServer.client();
  KubernetesStore store;
  ResourceManager manager;
  ResourceCodec codec = ResourceCodec.standard();
  GatewayInstanceController controller;

  @BeforeEach
  void start() {
    TestCrds.registerAll(client);
    for (String ns : new String[] {"kuma-system", "shop"}) {
      client
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .create();
    }
    store =
        KubernetesStore.open(
            client,
            ResourceTypes.standard(),
            KubernetesKinds::of,
            codec,
            "kuma-system",
            Clock.systemUTC(),
            new LeaseLeaderElection(client, "kuma-system", "test", "test", Duration.ofSeconds(15)),
            Duration.ofSeconds(10));
    manager =
        new ResourceManager(
            store, ResourceTypes.standard(), false, NameRules.Environment.KUBERNETES);
    manager.create(
        Resource.of(
            ResourceTypes.MESH, "", "default", codec.specFromJson(ResourceTypes.MESH, "{}")));
    gateway(8080);
    controller =
        new GatewayInstanceController(
                client,
                manager,
                codec,
                KubernetesSettings.defaults(),
                new KubernetesVersion("1", "26"),
                Clock.systemUTC())
            .start();
    controller.leadershipAcquired();
  }

  @AfterEach
  void stop() {
    controller.close();
    store.close();
    apiServer.close();
  }

  /** The seed's MeshGateway {@code edge-gateway} with one HTTP listener on {@code port}. */
  private void gateway(int port) {
    manager.upsert(
        Resource.of(
            ResourceTypes.MESH_GATEWAY,
            "default",
            "edge-gateway",
            codec.specFromJson(
                ResourceTypes.MESH_GATEWAY,
                """
                {"selectors": [{"match": {"kuma.io/service": "edge-gateway"}}],
                 "conf": {"listeners": [{"port": %d, "protocol": "HTTP"}]}}
                """
                    .formatted(port))));
  }

  private void createInstance() {
    client
        .genericKubernetesResources(PodController.context("MeshGatewayInstance"))
        .inNamespace("shop")
        .resource(
            new GenericKubernetesResourceBuilder()
                .withApiVersion("kuma.io/v1alpha1")
                .withKind("MeshGatewayInstance")
                .withNewMetadata()
                .withName("edge-gateway")
                .withNamespace("shop")
                .endMetadata()
                .addToAdditionalProperties(
                    "spec",
                    Map.of(
                        "replicas",
                        2,
                        "serviceType",
                        "ClusterIP",
                        "tags",
                        Map.of("kuma.io/service", "edge-gateway")))
                .build())
        .create();
  }

  private List<Service> services() {
    return client.services().inNamespace("shop").list().getItems();
  }

  private List<Deployment> deployments() {
    return client.apps().deployments().inNamespace("shop").list().getItems();
  }

  @Test
  void anInstanceGetsAServiceADeploymentAndAStatus() {
    createInstance();

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(services())
                  .singleElement()
                  .satisfies(
                      s -> {
                        assertThat(s.getMetadata().getName()).isEqualTo("edge-gateway");
                        assertThat(s.getSpec().getPorts())
                            .extracting(ServicePort::getPort)
                            .containsExactly(8080);
                        assertThat(s.getMetadata().getOwnerReferences())
                            .singleElement()
                            .satisfies(
                                o -> {
                                  assertThat(o.getKind()).isEqualTo("MeshGatewayInstance");
                                  assertThat(o.getController()).isTrue();
                                });
                      });
              assertThat(deployments())
                  .singleElement()
                  .satisfies(d -> assertThat(d.getSpec().getReplicas()).isEqualTo(2));
            });
    // The mock gives the Service no cluster IP: Ready stays False, with the reason that says why.
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              GenericKubernetesResource instance =
                  client
                      .genericKubernetesResources(PodController.context("MeshGatewayInstance"))
                      .inNamespace("shop")
                      .withName("edge-gateway")
                      .get();
              assertThat(instance.<String>get("status", "conditions", 0, "type"))
                  .isEqualTo("Ready");
              assertThat(instance.<String>get("status", "conditions", 0, "reason"))
                  .isEqualTo("LoadBalancerAddressNotReady");
            });
  }

  @Test
  void aMeshGatewayChangeReachesTheService() {
    createInstance();
    await().atMost(WAIT).until(() -> services().size() == 1);

    gateway(9090);

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(services().get(0).getSpec().getPorts())
                    .extracting(ServicePort::getPort)
                    .containsExactly(9090));
  }

  @Test
  void aDeletedInstanceTakesItsServiceAndDeploymentAlong() {
    createInstance();
    await().atMost(WAIT).until(() -> services().size() == 1 && deployments().size() == 1);

    client
        .genericKubernetesResources(PodController.context("MeshGatewayInstance"))
        .inNamespace("shop")
        .withName("edge-gateway")
        .delete();

    await().atMost(WAIT).until(() -> services().isEmpty() && deployments().isEmpty());
  }

  /** Kuma 2.0.8 (D7): without a matching MeshGateway the Service goes, the Deployment stays. */
  @Test
  void aDeletedMeshGatewayTakesTheServiceAndKeepsTheDeployment() {
    createInstance();
    await().atMost(WAIT).until(() -> services().size() == 1 && deployments().size() == 1);

    manager.delete(ResourceTypes.MESH_GATEWAY, "default", "edge-gateway");

    await().atMost(WAIT).until(() -> services().isEmpty());
    assertThat(deployments()).hasSize(1);

    gateway(8080);

    await().atMost(WAIT).until(() -> services().size() == 1);
  }
}
