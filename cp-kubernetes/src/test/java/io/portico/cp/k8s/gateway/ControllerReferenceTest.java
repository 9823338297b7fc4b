package io.portico.cp.k8s.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Controlled objects are found by their controller reference (spec/kubernetes.md §4.3). */
class ControllerReferenceTest {
  private static Service owned(String namespace, OwnerReference... references) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName("whatever")
        .withOwnerReferences(references)
        .endMetadata()
        .build();
  }

  private static OwnerReference reference(
      String apiVersion, String kind, String name, Boolean controller) {
    return new OwnerReferenceBuilder()
        .withApiVersion(apiVersion)
        .withKind(kind)
        .withName(name)
        .withUid("u")
        .withController(controller)
        .build();
  }

  @Test
  void theReferenceIsAControllingBlockingOne() {
    assertThat(ControllerReference.of(GatewayFixtures.instance()))
        .isEqualTo(
            new OwnerReferenceBuilder()
                .withApiVersion("kuma.io/v1alpha1")
                .withKind("MeshGatewayInstance")
                .withName("edge-gateway")
                .withUid(GatewayFixtures.UID)
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build());
  }

  @Test
  void onlyTheControllerReferenceToAnInstanceOfThatNameInTheNamespaceCounts() {
    String api = "kuma.io/v1alpha1";
    String kind = "MeshGatewayInstance";

    assertThat(
            ControllerReference.isControlledBy(
                owned("default", reference(api, kind, "edge", true)), "default", "edge"))
        .isTrue();
    assertThat(
            ControllerReference.isControlledBy(
                owned("other", reference(api, kind, "edge", true)), "default", "edge"))
        .as("other namespace")
        .isFalse();
    assertThat(
            ControllerReference.isControlledBy(
                owned("default", reference(api, kind, "edge", null)), "default", "edge"))
        .as("not the controller")
        .isFalse();
    assertThat(
            ControllerReference.isControlledBy(
                owned("default", reference("kuma.io/v1", kind, "edge", true)), "default", "edge"))
        .as("other API version")
        .isFalse();
    assertThat(
            ControllerReference.isControlledBy(
                owned("default", reference(api, "MeshGateway", "edge", true)), "default", "edge"))
        .as("other kind")
        .isFalse();
    assertThat(ControllerReference.controllerName(owned("default"))).isEmpty();
  }

  @Test
  void settingReplacesTheReferenceToTheSameInstanceInPlaceAndKeepsTheOthers() {
    OwnerReference other = reference("example.com/v1", "Bundle", "b", null);
    Service service =
        owned(
            "default",
            reference("kuma.io/v1alpha1", "MeshGatewayInstance", "edge-gateway", true),
            other);

    ControllerReference.set(service, GatewayFixtures.instance());

    assertThat(service.getMetadata().getOwnerReferences())
        .isEqualTo(List.of(ControllerReference.of(GatewayFixtures.instance()), other));
  }
}
