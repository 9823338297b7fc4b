package io.portico.cp.k8s.gateway;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.portico.mesh.api.types.KubernetesKinds;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The controller owner reference that ties a Service or Deployment to its MeshGatewayInstance
 * (spec/kubernetes.md §3.3, §4.3): {@code {apiVersion: kuma.io/v1alpha1, kind: MeshGatewayInstance,
 * name, uid, controller: true, blockOwnerDeletion: true}}.
 *
 * <p>Objects are found by this reference (API version, kind and name), never by their own name, as
 * Kuma's controller index does; the reconcile loop indexes Services and Deployments with {@link
 * #controllerName}.
 */
public final class ControllerReference {
  public static final String KIND = "MeshGatewayInstance";

  private ControllerReference() {}

  /** The reference to set on what the instance controls. */
  public static OwnerReference of(GatewayInstance instance) {
    return new OwnerReferenceBuilder()
        .withApiVersion(KubernetesKinds.API_VERSION)
        .withKind(KIND)
        .withName(instance.name())
        .withUid(instance.uid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  /**
   * The name of the MeshGatewayInstance that controls the object, if its controller reference is
   * one (same namespace implied).
   */
  public static Optional<String> controllerName(HasMetadata object) {
    if (object.getMetadata() == null || object.getMetadata().getOwnerReferences() == null) {
      return Optional.empty();
    }
    return object.getMetadata().getOwnerReferences().stream()
        .filter(r -> Boolean.TRUE.equals(r.getController()))
        .findFirst()
        .filter(ControllerReference::isInstanceReference)
        .map(OwnerReference::getName);
  }

  /** Whether the object is in the instance's namespace and controlled by an instance so named. */
  public static boolean isControlledBy(HasMetadata object, String namespace, String instanceName) {
    return object.getMetadata() != null
        && namespace.equals(object.getMetadata().getNamespace())
        && controllerName(object).filter(instanceName::equals).isPresent();
  }

  /**
   * Sets the controller reference on the object, replacing a reference to the same instance in
   * place (it may carry the uid of an earlier instance of that name) and keeping the other
   * references, as controller-runtime's {@code SetControllerReference} does.
   */
  static void set(HasMetadata object, GatewayInstance instance) {
    List<OwnerReference> references = new ArrayList<>();
    boolean replaced = false;
    if (object.getMetadata().getOwnerReferences() != null) {
      for (OwnerReference r : object.getMetadata().getOwnerReferences()) {
        if (isInstanceReference(r) && instance.name().equals(r.getName())) {
          if (!replaced) {
            references.add(of(instance));
            replaced = true;
          }
        } else {
          references.add(r);
        }
      }
    }
    if (!replaced) {
      references.add(of(instance));
    }
    object.getMetadata().setOwnerReferences(references);
  }

  private static boolean isInstanceReference(OwnerReference r) {
    return KubernetesKinds.API_VERSION.equals(r.getApiVersion()) && KIND.equals(r.getKind());
  }
}
