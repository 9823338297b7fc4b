package io.portico.cp.k8s.gateway;

import static io.portico.cp.k8s.gateway.GatewayFixtures.EDGE_TAGS;
import static io.portico.cp.k8s.gateway.GatewayFixtures.T0;
import static io.portico.cp.k8s.gateway.GatewayFixtures.gateway;
import static io.portico.cp.k8s.gateway.GatewayFixtures.instance;
import static io.portico.cp.k8s.gateway.GatewayFixtures.listener;
import static io.portico.cp.k8s.gateway.GatewayFixtures.planner;
import static io.portico.cp.k8s.gateway.GatewayFixtures.spec;
import static io.portico.cp.k8s.gateway.GatewayFixtures.tags;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.portico.mesh.api.gateway.MeshGatewayInstanceSpec.ServiceType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The lifecycle cases of spec/kubernetes.md §4.7, one test each, played against a {@link
 * FakeCluster} with Portico's decisions (D4: the controller deletes on instance deletion; D7: no
 * match deletes the Service and keeps the Deployment).
 */
class GatewayInstanceLifecycleTest {
  private static final Instant T1 = T0.plusSeconds(60);
  private static final Instant T2 = T0.plusSeconds(120);

  private static FakeCluster cluster() {
    return new FakeCluster(planner(), instance());
  }

  private static List<Integer> servicePorts(FakeCluster cluster) {
    return cluster.service().orElseThrow().getSpec().getPorts().stream()
        .map(ServicePort::getPort)
        .toList();
  }

  private static boolean touchesDeployment(ReconcilePlan plan) {
    return plan.actions().stream()
        .anyMatch(
            a ->
                (a instanceof ReconcileAction.Create c && c.object() instanceof Deployment)
                    || (a instanceof ReconcileAction.Patch p && p.current() instanceof Deployment)
                    || (a instanceof ReconcileAction.Delete d && d.object() instanceof Deployment));
  }

  @Test
  void matchAtCreationCreatesServiceAndDeployment() {
    FakeCluster cluster = cluster().gateways(List.of(gateway("edge", 80)));

    ReconcilePlan plan = cluster.reconcile(T0);

    assertThat(GatewayGoldenTest.describe(plan.actions()))
        .startsWith(
            "Create Service default/edge-gateway\nCreate Deployment default/edge-gateway\n"
                + "WriteStatus");
    assertThat(cluster.service()).isPresent();
    assertThat(cluster.deployment()).isPresent();
    assertThat(cluster.ready().reason()).isEqualTo(StatusEmitter.LOAD_BALANCER_ADDRESS_NOT_READY);
  }

  @Test
  void matchAppearingLaterCreatesServiceAndDeploymentAndTurnsReady() {
    FakeCluster cluster = cluster();
    cluster.reconcile(T0);
    assertThat(cluster.ready().reason()).isEqualTo(StatusEmitter.NO_GATEWAY_MATCHED);

    cluster.gateways(List.of(gateway("edge", 80))).reconcile(T1);
    assertThat(cluster.service()).isPresent();
    assertThat(cluster.deployment()).isPresent();
    cluster.editService(s -> addIngress(s, "198.51.100.7"));
    cluster.reconcile(T2);

    assertThat(cluster.ready().status()).isEqualTo("True");
    assertThat(cluster.ready().lastTransitionTime()).isEqualTo(T2);
    assertThat(cluster.instance().status().loadBalancer().toString())
        .isEqualTo("{\"ingress\":[{\"ip\":\"198.51.100.7\"}]}");
  }

  @Test
  void noMatchAtCreationCreatesNothingAndReportsNoGatewayMatched() {
    FakeCluster cluster =
        cluster()
            .gateways(
                List.of(gateway("default", "other", Map.of("kuma.io/service", "x"), null, 80)));

    ReconcilePlan plan = cluster.reconcile(T0);

    assertThat(plan.actions()).singleElement().isInstanceOf(ReconcileAction.WriteStatus.class);
    assertThat(cluster.services()).isEmpty();
    assertThat(cluster.deployments()).isEmpty();
    assertThat(cluster.ready())
        .isEqualTo(
            new InstanceStatus.Condition(
                "Ready",
                "False",
                "NoGatewayMatched",
                "No Gateway matched by tags in mesh: 'default'",
                1,
                T0));
    assertThat(cluster.instance().status().loadBalancer()).isNull();
  }

  @Test
  void listenerPortChangesRewriteServicePortsAndLeaveTheDeploymentUntouched() {
    FakeCluster cluster = cluster().gateways(List.of(gateway("edge", 80, 443)));
    cluster.reconcile(T0);
    Deployment before = cluster.deployment().orElseThrow();

    cluster.gateways(List.of(gateway("edge", 443, 80, 8080))).reconcile(T1);
    assertThat(servicePorts(cluster)).containsExactly(443, 80, 8080);
    assertThat(touchesDeployment(cluster.lastPlan())).isFalse();

    cluster.gateways(List.of(gateway("edge", 8080))).reconcile(T1);
    assertThat(servicePorts(cluster)).containsExactly(8080);
    assertThat(touchesDeployment(cluster.lastPlan())).isFalse();

    cluster
        .gateways(
            List.of(
                gateway(
                    "default",
                    "edge",
                    List.of(EDGE_TAGS),
                    null,
                    List.of(
                        listener(8080, "a.example.com"),
                        listener(9090, ""),
                        listener(8080, "b.example.com")))))
        .reconcile(T1);
    assertThat(servicePorts(cluster)).containsExactly(8080, 9090);
    assertThat(cluster.service().orElseThrow().getSpec().getPorts())
        .extracting(ServicePort::getName)
        .containsExactly("8080", "9090");
    assertThat(touchesDeployment(cluster.lastPlan())).isFalse();
    assertThat(cluster.deployment()).contains(before);
  }

  @Test
  void gatewayDeletedDeletesServiceAndKeepsDeployment() {
    FakeCluster cluster = cluster().gateways(List.of(gateway("edge", 80)));
    cluster.reconcile(T0);
    Deployment deployment = cluster.deployment().orElseThrow();

    ReconcilePlan plan = cluster.gateways(List.of()).reconcile(T1);

    assertThat(plan.actions().get(0)).isInstanceOf(ReconcileAction.Delete.class);
    assertThat(((ReconcileAction.Delete) plan.actions().get(0)).object())
        .isInstanceOf(Service.class);
    assertThat(cluster.services()).isEmpty();
    assertThat(cluster.deployment()).contains(deployment);
    assertThat(plan.deployment()).contains(deployment);
    assertThat(cluster.ready().reason()).isEqualTo(StatusEmitter.NO_GATEWAY_MATCHED);
  }

  @Test
  void gatewayNoLongerMatchingDeletesServiceAndKeepsDeployment() {
    FakeCluster cluster = cluster().gateways(List.of(gateway("edge", 80)));
    cluster.reconcile(T0);

    cluster
        .gateways(List.of(gateway("default", "edge", Map.of("kuma.io/service", "other"), null, 80)))
        .reconcile(T1);

    assertThat(cluster.services()).isEmpty();
    assertThat(cluster.deployment()).isPresent();
    assertThat(cluster.ready().status()).isEqualTo("False");
    assertThat(cluster.ready().reason()).isEqualTo(StatusEmitter.NO_GATEWAY_MATCHED);

    cluster.gateways(List.of(gateway("edge", 80))).reconcile(T2);
    assertThat(cluster.service()).as("a match again recreates the Service").isPresent();
    assertThat(touchesDeployment(cluster.lastPlan()))
        .as("the kept Deployment is already as it should be")
        .isFalse();
  }

  @Test
  void tagsChangeRewritesThePodTagsAnnotationSoPodsRollWithNewTags() {
    FakeCluster cluster = cluster().gateways(List.of(gateway("edge", 80)));
    cluster.reconcile(T0);

    cluster
        .updateInstance(
            i ->
                i.withSpec(
                    spec(
                        1,
                        ServiceType.LOAD_BALANCER,
                        tags("kuma.io/service", "edge-gateway", "version", "v2"),
                        null,
                        null)))
        .reconcile(T1);

    ReconcileAction.Patch patch =
        cluster.lastPlan().actions().stream()
            .filter(ReconcileAction.Patch.class::isInstance)
            .map(ReconcileAction.Patch.class::cast)
            .filter(p -> p.current() instanceof Deployment)
            .findFirst()
            .orElseThrow();
    assertThat(patch.mergePatch())
        .contains(
            "\"kuma.io/tags\":\"{\\\"kuma.io/service\\\":\\\"edge-gateway\\\",\\\"version\\\":\\\"v2\\\"}\"");
    assertThat(
            cluster
                .deployment()
                .orElseThrow()
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getAnnotations())
        .containsEntry("kuma.io/tags", "{\"kuma.io/service\":\"edge-gateway\",\"version\":\"v2\"}");
    assertThat(cluster.ready().observedGeneration()).isEqualTo(2);
  }

  @Test
  void replicasChangeIsPatchedInPlace() {
    FakeCluster cluster = cluster().gateways(List.of(gateway("edge", 80)));
    cluster.reconcile(T0);

    cluster
        .updateInstance(i -> i.withSpec(spec(3, ServiceType.LOAD_BALANCER, EDGE_TAGS, null, null)))
        .reconcile(T1);

    assertThat(GatewayGoldenTest.describe(cluster.lastPlan().actions()))
        .startsWith("Patch Deployment default/edge-gateway {\"spec\":{\"replicas\":3}}\n");
    assertThat(cluster.deployment().orElseThrow().getSpec().getReplicas()).isEqualTo(3);
  }

  @Test
  void resourcesChangeIsPatchedInPlace() {
    FakeCluster cluster = cluster().gateways(List.of(gateway("edge", 80)));
    cluster.reconcile(T0);

    cluster
        .updateInstance(
            i ->
                i.withSpec(
                    spec(
                        1,
                        ServiceType.LOAD_BALANCER,
                        EDGE_TAGS,
                        "{\"limits\":{\"memory\":\"1Gi\"}}",
                        null)))
        .reconcile(T1);

    assertThat(touchesDeployment(cluster.lastPlan())).isTrue();
    assertThat(
            cluster
                .deployment()
                .orElseThrow()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getResources()
                .getLimits())
        .containsOnlyKeys("memory");
  }

  @Test
  void serviceTypeChangeIsPatchedInPlace() {
    FakeCluster cluster =
        cluster().gateways(List.of(gateway("default", "edge", EDGE_TAGS, null, 30080)));
    cluster.reconcile(T0);

    cluster
        .updateInstance(i -> i.withSpec(spec(1, ServiceType.NODE_PORT, EDGE_TAGS, null, null)))
        .reconcile(T1);

    assertThat(GatewayGoldenTest.describe(cluster.lastPlan().actions()))
        .startsWith(
            "Patch Service default/edge-gateway {\"spec\":{\"ports\":[{\"name\":\"30080\",\"nodePort\":30080,"
                + "\"port\":30080,\"protocol\":\"TCP\",\"targetPort\":30080}],\"type\":\"NodePort\"}}\n");
    assertThat(touchesDeployment(cluster.lastPlan())).isFalse();
  }

  @Test
  void serviceTemplateChangeIsPatchedInPlace() {
    FakeCluster cluster = cluster().gateways(List.of(gateway("edge", 80)));
    cluster.reconcile(T0);

    cluster
        .updateInstance(
            i ->
                i.withSpec(
                    spec(
                        1,
                        ServiceType.LOAD_BALANCER,
                        EDGE_TAGS,
                        null,
                        "{\"metadata\":{\"annotations\":{\"team\":\"edge\"}},\"spec\":{\"loadBalancerIP\":\"203.0.113.1\"}}")))
        .reconcile(T1);

    assertThat(GatewayGoldenTest.describe(cluster.lastPlan().actions()))
        .startsWith(
            "Patch Service default/edge-gateway {\"metadata\":{\"annotations\":{\"team\":\"edge\"}},"
                + "\"spec\":{\"loadBalancerIP\":\"203.0.113.1\"}}\n");

    cluster
        .updateInstance(i -> i.withSpec(spec(1, ServiceType.LOAD_BALANCER, EDGE_TAGS, null, null)))
        .reconcile(T2);
    assertThat(cluster.service().orElseThrow().getMetadata().getAnnotations())
        .as("annotations are never removed [quirk]")
        .containsEntry("team", "edge");
    assertThat(cluster.service().orElseThrow().getSpec().getLoadBalancerIP())
        .as("loadBalancerIP is never cleared")
        .isEqualTo("203.0.113.1");
  }

  @Test
  void instanceDeletedDeletesServiceAndDeployment() {
    FakeCluster cluster = cluster().gateways(List.of(gateway("edge", 80)));
    cluster.reconcile(T0);
    Service unrelated = new Service();
    unrelated.setMetadata(new ObjectMeta());
    unrelated.getMetadata().setNamespace("default");
    unrelated.getMetadata().setName("web");
    cluster.put(unrelated);

    ReconcilePlan plan = cluster.deleteInstance().reconcile(T1);

    assertThat(GatewayGoldenTest.describe(plan.actions()))
        .isEqualTo("Delete Service default/edge-gateway\nDelete Deployment default/edge-gateway\n");
    assertThat(cluster.services()).containsExactly(unrelated);
    assertThat(cluster.deployments()).isEmpty();
  }

  @Test
  void instanceBeingDeletedCountsAsGone() {
    FakeCluster cluster = cluster().gateways(List.of(gateway("edge", 80)));
    cluster.reconcile(T0);

    cluster
        .updateInstance(
            i ->
                new GatewayInstance(
                    i.namespace(),
                    i.name(),
                    i.uid(),
                    i.generation(),
                    i.annotations(),
                    i.spec(),
                    i.status(),
                    true))
        .reconcile(T1);

    assertThat(cluster.services()).isEmpty();
    assertThat(cluster.deployments()).isEmpty();
    assertThat(cluster.lastPlan().status()).isEmpty();
  }

  @Test
  void severalMatchingGatewaysOnlyTheBestIsServed() {
    FakeCluster cluster =
        new FakeCluster(planner(), instance(tags("kuma.io/service", "edge-gateway", "env", "prod")))
            .gateways(
                List.of(
                    gateway("default", "broad", EDGE_TAGS, null, 80),
                    gateway(
                        "default",
                        "narrow",
                        tags("kuma.io/service", "edge-gateway", "env", "prod"),
                        null,
                        8080),
                    gateway(
                        "default",
                        "wild",
                        tags("kuma.io/service", "edge-gateway", "env", "*"),
                        null,
                        9090)));

    ReconcilePlan plan = cluster.reconcile(T0);

    assertThat(plan.gateway().orElseThrow().name()).isEqualTo("narrow");
    assertThat(servicePorts(cluster)).containsExactly(8080);
  }

  @Test
  void gatewaysOfOtherMeshesNeverMatch() {
    FakeCluster cluster =
        cluster()
            .namespaceAnnotations(Map.of("kuma.io/mesh", "payments"))
            .gateways(List.of(gateway("default", "edge", EDGE_TAGS, null, 80)));

    ReconcilePlan plan = cluster.reconcile(T0);

    assertThat(plan.mesh()).contains("payments");
    assertThat(plan.gateway()).isEmpty();
    assertThat(cluster.services()).isEmpty();
    assertThat(cluster.ready().message())
        .isEqualTo("No Gateway matched by tags in mesh: 'payments'");
  }

  @Test
  void upToDateInstanceWritesNothing() {
    FakeCluster cluster = cluster().gateways(List.of(gateway("edge", 80)));
    cluster.reconcile(T0);

    assertThat(cluster.reconcile(T1).actions()).isEmpty();
  }

  @Test
  void deploymentAvailabilityAndAddressDriveReadiness() {
    FakeCluster cluster = cluster().gateways(List.of(gateway("edge", 80)));
    cluster.reconcile(T0);
    cluster.editDeployment(d -> d.setStatus(available("False")));
    cluster.reconcile(T1);
    assertThat(cluster.ready().reason()).isEqualTo(StatusEmitter.DEPLOYMENT_NOT_AVAILABLE);
    assertThat(cluster.ready().lastTransitionTime())
        .as("False to False keeps the time")
        .isEqualTo(T0);

    cluster.editDeployment(d -> d.setStatus(available("True")));
    cluster.editService(s -> addIngress(s, "198.51.100.7"));
    cluster.reconcile(T2);
    assertThat(cluster.ready().status()).isEqualTo("True");
    assertThat(cluster.ready().lastTransitionTime()).isEqualTo(T2);
  }

  @Test
  void moreThanOneControlledServiceFailsTheReconcile() {
    FakeCluster cluster = cluster().gateways(List.of(gateway("edge", 80)));
    cluster.reconcile(T0);
    Service second = ObjectTrees.copy(cluster.service().orElseThrow());
    second.getMetadata().setName("edge-gateway-2");
    cluster.put(second);

    ReconcilePlan plan = cluster.reconcile(T1);

    assertThat(plan.actions()).hasSize(1);
    assertThat(plan.failure())
        .contains(
            "unable to reconcile Service for Gateway: expected a maximum of one item controlled by"
                + " default/edge-gateway");
  }

  @Test
  void moreThanOneControlledDeploymentFailsAfterTheServiceStep() {
    FakeCluster cluster = cluster().gateways(List.of(gateway("edge", 80)));
    cluster.reconcile(T0);
    Deployment second = ObjectTrees.copy(cluster.deployment().orElseThrow());
    second.getMetadata().setName("edge-gateway-2");
    cluster.put(second);

    ReconcilePlan plan = cluster.gateways(List.of(gateway("edge", 80, 81))).reconcile(T1);

    assertThat(GatewayGoldenTest.describe(plan.actions()))
        .startsWith("Patch Service default/edge-gateway")
        .endsWith(
            "Fail unable to reconcile Deployment for Gateway: expected a maximum of one item"
                + " controlled by default/edge-gateway\n");
    assertThat(plan.status()).isEmpty();
  }

  @Test
  void unreadableAnnotationFailsTheDeploymentStepWithEveryProblem() {
    FakeCluster cluster =
        new FakeCluster(
                planner(),
                instance()
                    .withAnnotations(
                        Map.of(
                            "kuma.io/sidecar-proxy-concurrency", "two",
                            "kuma.io/sidecar-drain-time", "soon")))
            .gateways(List.of(gateway("edge", 80)));

    ReconcilePlan plan = cluster.reconcile(T0);

    assertThat(plan.actions().get(0)).isInstanceOf(ReconcileAction.Create.class);
    assertThat(plan.failure().orElseThrow())
        .startsWith("unable to reconcile Deployment for Gateway: ")
        .contains(
            "metadata.annotations[\"kuma.io/sidecar-proxy-concurrency\"]: must be an unsigned 32-bit integer, got \"two\"")
        .contains(
            "metadata.annotations[\"kuma.io/sidecar-drain-time\"]: must be a duration such as 30s or 1m, got \"soon\"");
    assertThat(cluster.deployments()).isEmpty();
  }

  @Test
  void objectsControlledByAnotherInstanceAreIgnored() {
    FakeCluster other =
        new FakeCluster(
                planner(),
                new GatewayInstance(
                    "default", "other-gateway", "u2", 1, Map.of(), instance().spec(), null, false))
            .gateways(List.of(gateway("edge", 80)));
    other.reconcile(T0);
    FakeCluster cluster = cluster().gateways(List.of(gateway("edge", 80)));
    other.services().forEach(cluster::put);
    other.deployments().forEach(cluster::put);

    ReconcilePlan plan = cluster.reconcile(T0);

    assertThat(GatewayGoldenTest.describe(plan.actions()))
        .startsWith(
            "Create Service default/edge-gateway\nCreate Deployment default/edge-gateway\n");
  }

  /** What a cloud controller does once the load balancer has an address. */
  static void addIngress(Service service, String ip) {
    service.setStatus(
        new ServiceStatusBuilder()
            .withNewLoadBalancer()
            .addNewIngress()
            .withIp(ip)
            .endIngress()
            .endLoadBalancer()
            .build());
  }

  private static DeploymentStatus available(String status) {
    DeploymentCondition condition = new DeploymentCondition();
    condition.setType("Available");
    condition.setStatus(status);
    DeploymentStatus deploymentStatus = new DeploymentStatus();
    deploymentStatus.setConditions(List.of(condition));
    return deploymentStatus;
  }
}
