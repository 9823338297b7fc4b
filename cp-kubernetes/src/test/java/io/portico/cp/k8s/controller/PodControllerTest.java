package io.portico.cp.k8s.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.portico.cp.k8s.KubernetesSettings;
import io.portico.cp.k8s.MockApiServer;
import io.portico.cp.k8s.TestCrds;
import io.portico.cp.k8s.store.KubernetesStore;
import io.portico.cp.k8s.store.LeaseLeaderElection;
import io.portico.cp.store.ListQuery;
import io.portico.cp.store.manager.ResourceManager;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.codec.ResourceCodec;
import io.portico.mesh.api.types.KubernetesKinds;
import io.portico.mesh.api.types.ResourceTypes;
import io.portico.mesh.api.validation.NameRules;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pod controller's loop against the mock API server (spec/kubernetes.md §5): Dataplanes follow
 * Pods, controlled by them, with Events; bad annotations give a Warning and no Dataplane; Services
 * of injected namespaces get service-upstream.
 */
class PodControllerTest {
  static final Duration WAIT = Duration.ofSeconds(15);
  final MockApiServer apiServer = MockApiServer.start();
  final KubernetesClient client = apiServer.client();
  KubernetesStore store;
  ResourceManager manager;
  PodController controller;

  @BeforeEach
  void start() {
    TestCrds.registerAll(client);
    for (String ns : new String[] {"kuma-system", "shop"}) {
      client
          .namespaces()
          .resource(
              new NamespaceBuilder()
                  .withNewMetadata()
                  .withName(ns)
                  .withLabels(Map.of("kuma.io/sidecar-injection", "enabled"))
                  .endMetadata()
                  .build())
          .create();
    }
    ResourceCodec codec = ResourceCodec.standard();
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
    controller =
        new PodController(client, manager, KubernetesSettings.defaults(), Clock.systemUTC())
            .start();
    controller.leadershipAcquired();
  }

  @AfterEach
  void stop() {
    controller.close();
    store.close();
    apiServer.close();
  }

  /** Creates a pod and, as the kubelet would, writes its status (the API server keeps it apart). */
  private void run(Pod pod) {
    Pod created = client.pods().resource(pod).create();
    created.setStatus(pod.getStatus());
    client.pods().resource(created).updateStatus();
  }

  private Pod gatewayPod(String name, Map<String, String> annotations) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("shop")
        .withAnnotations(annotations)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("kuma-gateway")
        .withImage("portico/portico-dp")
        .endContainer()
        .endSpec()
        .withNewStatus()
        .withPodIP("10.0.0.7")
        .endStatus()
        .build();
  }

  @Test
  void aBuiltinGatewayPodGetsADataplaneItControlsAndLosesItWithThePod() {
    run(
        gatewayPod(
            "edge-1",
            Map.of(
                "kuma.io/gateway", "builtin", "kuma.io/tags", "{\"kuma.io/service\":\"edge\"}")));

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(manager.get(ResourceTypes.DATAPLANE, "default", "edge-1.shop"))
                    .hasValueSatisfying(
                        dp -> {
                          assertThat(dp.spec().networking().address()).isEqualTo("10.0.0.7");
                          assertThat(dp.spec().networking().gateway().tags())
                              .containsEntry("kuma.io/service", "edge");
                        }));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              GenericKubernetesResource object =
                  client
                      .genericKubernetesResources(PodController.context("Dataplane"))
                      .inNamespace("shop")
                      .withName("edge-1")
                      .get();
              assertThat(object.getMetadata().getOwnerReferences())
                  .filteredOn(o -> Boolean.TRUE.equals(o.getController()))
                  .singleElement()
                  .satisfies(
                      o -> {
                        assertThat(o.getKind()).isEqualTo("Pod");
                        assertThat(o.getName()).isEqualTo("edge-1");
                      });
              assertThat(object.getMetadata().getOwnerReferences())
                  .extracting(OwnerReference::getKind)
                  .containsExactlyInAnyOrder("Mesh", "Pod");
            });
    assertThat(client.v1().events().inNamespace("shop").list().getItems())
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("CreatedKumaDataplane"));

    client.pods().inNamespace("shop").withName("edge-1").delete();

    await()
        .atMost(WAIT)
        .until(() -> manager.get(ResourceTypes.DATAPLANE, "default", "edge-1.shop").isEmpty());
  }

  @Test
  void aPodWithABadAnnotationGetsAWarningAndNoDataplane() {
    run(gatewayPod("edge-2", Map.of("kuma.io/gateway", "builtin")));

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(client.v1().events().inNamespace("shop").list().getItems())
                    .anySatisfy(
                        e -> {
                          assertThat(e.getType()).isEqualTo("Warning");
                          assertThat(e.getReason()).isEqualTo("FailedToGenerateKumaDataplane");
                          assertThat(e.getMessage())
                              .isEqualTo(
                                  "Failed to generate Kuma Dataplane: Missing kuma.io/tags"
                                      + " annotation on Pod serving a builtin Gateway");
                          assertThat(e.getInvolvedObject().getName()).isEqualTo("edge-2");
                        }));
    assertThat(manager.list(ResourceTypes.DATAPLANE, ListQuery.all()).items()).isEmpty();
  }

  @Test
  void servicesOfAnInjectedNamespaceGetServiceUpstream() {
    client
        .services()
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName("echo")
                .withNamespace("shop")
                .endMetadata()
                .withNewSpec()
                .withSelector(Map.of("app", "echo"))
                .addNewPort()
                .withPort(80)
                .endPort()
                .endSpec()
                .build())
        .create();

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        client
                            .services()
                            .inNamespace("shop")
                            .withName("echo")
                            .get()
                            .getMetadata()
                            .getAnnotations())
                    .containsEntry("ingress.kubernetes.io/service-upstream", "true")
                    .containsEntry("nginx.ingress.kubernetes.io/service-upstream", "true"));
  }
}
