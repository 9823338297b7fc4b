package io.portico.cp.k8s.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.portico.mesh.api.codec.ResourceCodec;
import io.portico.mesh.api.gateway.MeshGatewayInstanceSpec.ServiceType;
import io.portico.mesh.api.validation.ValidationException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading an instance from its custom resource, and its mesh (spec/kubernetes.md §4.1). */
class GatewayInstanceTest {
  private static final ResourceCodec CODEC = ResourceCodec.standard();
  private static final KubernetesSerialization FABRIC8 = new KubernetesSerialization();

  private static GatewayInstance read(String yaml) {
    return GatewayInstance.of(FABRIC8.unmarshal(yaml, GenericKubernetesResource.class), CODEC);
  }

  @Test
  void readsIdentitySpecAndStatus() {
    GatewayInstance instance =
        read(
            """
            apiVersion: kuma.io/v1alpha1
            kind: MeshGatewayInstance
            metadata:
              name: edge-gateway
              namespace: shop
              uid: 1234
              generation: 4
              annotations:
                kuma.io/mesh: payments
            spec:
              replicas: 2
              serviceType: ClusterIP
              tags:
                kuma.io/service: edge-gateway
            status:
              conditions:
              - type: Ready
                status: "True"
                reason: Ready
                message: ""
                observedGeneration: 3
                lastTransitionTime: "2024-04-01T00:00:00Z"
              loadBalancer: {}
            """);

    assertThat(instance.qualifiedName()).isEqualTo("shop/edge-gateway");
    assertThat(instance.uid()).isEqualTo("1234");
    assertThat(instance.generation()).isEqualTo(4);
    assertThat(instance.spec().replicas()).isEqualTo(2);
    assertThat(instance.spec().serviceType()).isEqualTo(ServiceType.CLUSTER_IP);
    assertThat(instance.spec().tags())
        .containsExactly(Map.entry("kuma.io/service", "edge-gateway"));
    assertThat(instance.status().condition("Ready").orElseThrow())
        .isEqualTo(
            new InstanceStatus.Condition(
                "Ready", "True", "Ready", "", 3, java.time.Instant.parse("2024-04-01T00:00:00Z")));
    assertThat(instance.status().loadBalancer().toString()).isEqualTo("{}");
    assertThat(instance.isBeingDeleted()).isFalse();
  }

  @Test
  void emptyServiceTypeIsTheCrdDefault() {
    GatewayInstance instance =
        read(
            """
            apiVersion: kuma.io/v1alpha1
            kind: MeshGatewayInstance
            metadata: {name: a, namespace: b, deletionTimestamp: "2024-04-01T00:00:00Z"}
            spec: {serviceType: "", tags: {kuma.io/service: a}}
            """);

    assertThat(instance.spec().serviceType()).isEqualTo(ServiceType.LOAD_BALANCER);
    assertThat(instance.isBeingDeleted()).isTrue();
    assertThat(instance.status()).isEqualTo(InstanceStatus.EMPTY);
  }

  @Test
  void unreadableSpecIsAValidationError() {
    assertThatThrownBy(
            () ->
                read(
                    """
                    apiVersion: kuma.io/v1alpha1
                    kind: MeshGatewayInstance
                    metadata: {name: a, namespace: b}
                    spec: {serviceType: Headless}
                    """))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("serviceType");
  }

  @Test
  void meshIsTheInstanceAnnotationThenTheNamespaceAnnotationThenDefault() {
    GatewayInstance plain = GatewayFixtures.instance();
    GatewayInstance annotated = plain.withAnnotations(Map.of("kuma.io/mesh", "payments"));
    GatewayInstance empty = plain.withAnnotations(Map.of("kuma.io/mesh", ""));
    Map<String, String> nullMesh = new HashMap<>();
    nullMesh.put("kuma.io/mesh", null);

    assertThat(annotated.mesh(Map.of("kuma.io/mesh", "shop"))).isEqualTo("payments");
    assertThat(plain.mesh(Map.of("kuma.io/mesh", "shop"))).isEqualTo("shop");
    assertThat(empty.mesh(Map.of("kuma.io/mesh", "shop"))).as("empty is ignored").isEqualTo("shop");
    assertThat(plain.mesh(Map.of("kuma.io/mesh", ""))).isEqualTo("default");
    assertThat(plain.mesh(nullMesh)).isEqualTo("default");
    assertThat(plain.mesh(null)).isEqualTo("default");
  }
}
