package io.portico.cp.k8s.gateway;

import static io.portico.cp.k8s.gateway.GatewayFixtures.T0;
import static io.portico.cp.k8s.gateway.GatewayFixtures.instance;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Ready condition and {@code status.loadBalancer} of spec/kubernetes.md §4.6: one test per row
 * of the table (in its order), then the condition-setting semantics.
 */
class StatusEmitterTest {
  private static final Instant T1 = T0.plusSeconds(60);

  private static Service service(String type, List<String> clusterIps, String ingressIp) {
    ServiceBuilder b = new ServiceBuilder().withNewSpec().withType(type).endSpec();
    if (clusterIps != null) {
      b.editSpec().withClusterIPs(clusterIps).endSpec();
    }
    if (ingressIp != null) {
      b.withNewStatus()
          .withNewLoadBalancer()
          .addNewIngress()
          .withIp(ingressIp)
          .endIngress()
          .endLoadBalancer()
          .endStatus();
    }
    return b.build();
  }

  private static Deployment deployment(String available) {
    DeploymentBuilder b = new DeploymentBuilder();
    if (available != null) {
      b.withNewStatus()
          .addNewCondition()
          .withType("Progressing")
          .withStatus("True")
          .endCondition()
          .addNewCondition()
          .withType("Available")
          .withStatus(available)
          .endCondition()
          .endStatus();
    }
    return b.build();
  }

  private static StatusEmitter.Readiness readiness(String status, String reason) {
    return new StatusEmitter.Readiness(status, reason);
  }

  // Row 1

  @Test
  void noGatewayMatchedIsFalseNamingTheMesh() {
    InstanceStatus status = StatusEmitter.emit(instance(), "payments", null, null, T0);

    assertThat(status.conditions())
        .containsExactly(
            new InstanceStatus.Condition(
                "Ready",
                "False",
                "NoGatewayMatched",
                "No Gateway matched by tags in mesh: 'payments'",
                1,
                T0));
  }

  // Row 2

  @Test
  void deploymentNotAvailableIsFalse() {
    assertThat(
            StatusEmitter.readiness(
                service("LoadBalancer", null, "198.51.100.7"), deployment("False")))
        .isEqualTo(readiness("False", "DeploymentNotAvailable"));
  }

  // Row 3

  @Test
  void deploymentAvailabilityUnknownIsUnknown() {
    assertThat(
            StatusEmitter.readiness(
                service("LoadBalancer", null, "198.51.100.7"), deployment("Unknown")))
        .isEqualTo(readiness("Unknown", "DeploymentNotAvailable"));
  }

  // Row 4

  @ParameterizedTest
  @ValueSource(strings = {"ClusterIP", "NodePort"})
  void clusterIpOrNodePortWithAnAssignedClusterIpIsReady(String type) {
    assertThat(
            StatusEmitter.readiness(
                service(type, List.of("", "None", "10.96.0.12"), null), deployment("True")))
        .isEqualTo(readiness("True", "Ready"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ClusterIP", "NodePort"})
  void clusterIpsThatAreEmptyOrNoneAreNotAnAddress(String type) {
    assertThat(StatusEmitter.readiness(service(type, List.of("", "None"), null), null))
        .isEqualTo(readiness("False", "LoadBalancerAddressNotReady"));
  }

  // Row 5

  @Test
  void loadBalancerWithAnIngressIsReady() {
    assertThat(
            StatusEmitter.readiness(
                service("LoadBalancer", List.of("10.96.0.12"), "198.51.100.7"), deployment("True")))
        .isEqualTo(readiness("True", "Ready"));
  }

  // Row 6

  @Test
  void loadBalancerWithoutIngressIsNotReadyWhateverItsClusterIp() {
    assertThat(
            StatusEmitter.readiness(
                service("LoadBalancer", List.of("10.96.0.12"), null), deployment("True")))
        .isEqualTo(readiness("False", "LoadBalancerAddressNotReady"));
  }

  @Test
  void serviceWithoutTypeIsNotReady() {
    assertThat(StatusEmitter.readiness(service(null, List.of("10.96.0.12"), "1.2.3.4"), null))
        .isEqualTo(readiness("False", "LoadBalancerAddressNotReady"));
  }

  // Notes under the table

  @Test
  void deploymentWithoutAvailableConditionCountsAsAvailable() {
    assertThat(
            StatusEmitter.readiness(
                service("ClusterIP", List.of("10.96.0.12"), null), deployment(null)))
        .isEqualTo(readiness("True", "Ready"));
    assertThat(StatusEmitter.readiness(service("ClusterIP", List.of("10.96.0.12"), null), null))
        .isEqualTo(readiness("True", "Ready"));
  }

  @Test
  void deploymentRowsComeBeforeTheServiceRows() {
    assertThat(
            StatusEmitter.readiness(
                service("ClusterIP", List.of("10.96.0.12"), null), deployment("False")))
        .isEqualTo(readiness("False", "DeploymentNotAvailable"));
  }

  @Test
  void loadBalancerIsCopiedFromTheService() {
    InstanceStatus status =
        StatusEmitter.emit(
            instance(), "default", service("LoadBalancer", null, "198.51.100.7"), null, T0);

    assertThat(status.loadBalancer().toString())
        .isEqualTo("{\"ingress\":[{\"ip\":\"198.51.100.7\"}]}");
  }

  @Test
  void loadBalancerIsAnEmptyObjectWhenTheServiceHasNone() {
    InstanceStatus status =
        StatusEmitter.emit(instance(), "default", service("ClusterIP", null, null), null, T0);

    assertThat(status.loadBalancer().toString()).isEqualTo("{}");
  }

  @Test
  void loadBalancerIsLeftAsItWasWithoutAService() {
    InstanceStatus before =
        new InstanceStatus(List.of(), GatewayFixtures.tree("{\"ingress\":[{\"ip\":\"1.2.3.4\"}]}"));

    InstanceStatus after =
        StatusEmitter.emit(instance().withStatus(before), "default", null, null, T0);

    assertThat(after.loadBalancer()).isEqualTo(before.loadBalancer());
    assertThat(new InstanceStatus(after.conditions(), null).mergePatch())
        .as("a status without loadBalancer does not write it")
        .doesNotContain("loadBalancer");
  }

  // Condition semantics

  @Test
  void lastTransitionTimeChangesOnlyWhenTheStatusChanges() {
    InstanceStatus first =
        StatusEmitter.emit(instance(), "default", service("LoadBalancer", null, null), null, T0);
    InstanceStatus sameStatus =
        StatusEmitter.emit(instance().withStatus(first), "default", null, null, T1);
    InstanceStatus changed =
        StatusEmitter.emit(
            instance().withStatus(sameStatus),
            "default",
            service("LoadBalancer", null, "198.51.100.7"),
            null,
            T1.plusSeconds(60));

    assertThat(first.condition("Ready").orElseThrow().lastTransitionTime()).isEqualTo(T0);
    assertThat(sameStatus.condition("Ready").orElseThrow().reason()).isEqualTo("NoGatewayMatched");
    assertThat(sameStatus.condition("Ready").orElseThrow().lastTransitionTime())
        .as("False to False")
        .isEqualTo(T0);
    assertThat(changed.condition("Ready").orElseThrow().lastTransitionTime())
        .isEqualTo(T1.plusSeconds(60));
  }

  @Test
  void reasonMessageAndObservedGenerationAreAlwaysRewritten() {
    InstanceStatus before =
        new InstanceStatus(
            List.of(new InstanceStatus.Condition("Ready", "False", "Old", "old message", 1, T0)),
            null);
    GatewayInstance instance =
        new GatewayInstance(
            "default",
            "edge-gateway",
            "u",
            7,
            java.util.Map.of(),
            instance().spec(),
            before,
            false);

    InstanceStatus after =
        StatusEmitter.emit(instance, "default", service("ClusterIP", null, null), null, T1);

    assertThat(after.conditions())
        .containsExactly(
            new InstanceStatus.Condition(
                "Ready", "False", "LoadBalancerAddressNotReady", "", 7, T0));
  }

  @Test
  void otherConditionsAreKeptInPlace() {
    InstanceStatus.Condition other =
        new InstanceStatus.Condition("Programmed", "True", "Done", "", 1, T0);
    InstanceStatus before =
        new InstanceStatus(
            List.of(other, new InstanceStatus.Condition("Ready", "True", "Ready", "", 1, T0)),
            null);

    InstanceStatus after =
        StatusEmitter.emit(instance().withStatus(before), "default", null, null, T1);

    assertThat(after.conditions()).hasSize(2);
    assertThat(after.conditions().get(0)).isEqualTo(other);
    assertThat(after.conditions().get(1).reason()).isEqualTo("NoGatewayMatched");
    assertThat(after.conditions().get(1).lastTransitionTime()).isEqualTo(T1);
  }

  @Test
  void transitionTimesAreKeptAtSecondPrecision() {
    InstanceStatus status =
        StatusEmitter.emit(instance(), "default", null, null, T0.plusMillis(999));

    assertThat(status.mergePatch())
        .isEqualTo(
            "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"False\","
                + "\"observedGeneration\":1,\"lastTransitionTime\":\"2024-05-01T12:00:00Z\","
                + "\"reason\":\"NoGatewayMatched\","
                + "\"message\":\"No Gateway matched by tags in mesh: 'default'\"}]}}");
  }
}
