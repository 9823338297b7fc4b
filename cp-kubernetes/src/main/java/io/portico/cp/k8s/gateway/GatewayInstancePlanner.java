package io.portico.cp.k8s.gateway;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.portico.cp.k8s.KubernetesSettings;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.gateway.MeshGatewaySpec;
import io.portico.mesh.api.validation.ValidationException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Plans one reconcile of a MeshGatewayInstance (spec/kubernetes.md §4.3, Kuma 2.0.8's {@code
 * GatewayInstanceReconciler.Reconcile} with Portico's decisions D3, D4, D7, D8): a pure function of
 * what the loop read, returning the writes to make.
 *
 * <pre>
 *   instance gone (or being deleted)  ──► Delete every controlled Service and Deployment (D4)
 *   instance
 *     │ mesh = annotation of instance, else of Namespace, else "default"
 *     │ gateway = GatewayMatch.best(MeshGateways of the mesh, spec.tags)
 *     ▼
 *   Service step      controlled: 0          1                  &gt;1
 *     gateway            Create          Patch (if changed)     Fail
 *     no gateway         —               Delete (D7)            Fail
 *     ▼ (only while a Service remains)
 *   Deployment step   controlled: 0 ⇒ Create, 1 ⇒ Patch (if changed), &gt;1 ⇒ Fail
 *                     (no Service ⇒ the Deployment is left as it is, D7)
 *     ▼
 *   Status            WriteStatus when the Ready condition or loadBalancer changed
 * </pre>
 *
 * <p>Unlike Kuma, which patches on every reconcile, a Patch whose merge patch is empty and a status
 * equal to the current one are left out, so that a reconcile of an up-to-date instance writes
 * nothing (and triggers no further watch events). Against a real API server, a Deployment patch may
 * still carry server defaults Kuma would also overwrite (e.g. {@code terminationMessagePath}); the
 * server re-applies them, so the pods do not roll.
 *
 * <p>The status is computed from the objects as the plan leaves them; a newly created Service has
 * no cluster IP or ingress yet, so the reconcile its creation event triggers reports them (same end
 * state as Kuma, which reads the created object back).
 *
 * <p>Immutable and stateless; safe to share.
 */
public final class GatewayInstancePlanner {
  private final DeploymentEmitter deployments;

  /**
   * @param settings the control plane's Kubernetes settings
   * @param version the API server's version, read once at start (spec/kubernetes.md §4.5)
   */
  public GatewayInstancePlanner(KubernetesSettings settings, KubernetesVersion version) {
    this.deployments =
        new DeploymentEmitter(
            Objects.requireNonNull(settings, "settings"),
            Objects.requireNonNull(version, "version"));
  }

  /**
   * The plan for an instance that exists.
   *
   * @param input what the loop read
   * @param now the time of a condition transition
   */
  public ReconcilePlan plan(ReconcileInput input, Instant now) {
    GatewayInstance instance = input.instance();
    if (instance.isBeingDeleted()) {
      return planDeleted(
          instance.namespace(), instance.name(), input.services(), input.deployments());
    }
    String mesh = instance.mesh(input.namespaceAnnotations());
    Resource<MeshGatewaySpec> gateway =
        GatewayMatch.best(input.gateways(), mesh, instance.spec().tags()).orElse(null);
    List<ReconcileAction> actions = new ArrayList<>();

    List<Service> services = controlled(input.services(), instance);
    if (services.size() > 1) {
      actions.add(fail("Service", tooMany(instance)));
      return new ReconcilePlan(mesh, gateway, null, null, actions);
    }
    Service current = services.isEmpty() ? null : services.get(0);
    Service service = null;
    if (gateway != null) {
      try {
        service = ServiceEmitter.emit(instance, gateway, current);
      } catch (ValidationException e) {
        actions.add(fail("Service", e.getMessage()));
        return new ReconcilePlan(mesh, gateway, current, null, actions);
      }
      if (current == null) {
        actions.add(new ReconcileAction.Create(service));
      } else {
        patch(current, service, actions);
      }
    } else if (current != null) {
      actions.add(new ReconcileAction.Delete(current));
    }

    List<Deployment> controlledDeployments = controlled(input.deployments(), instance);
    Deployment deployment = controlledDeployments.size() == 1 ? controlledDeployments.get(0) : null;
    if (service != null) {
      if (controlledDeployments.size() > 1) {
        actions.add(fail("Deployment", tooMany(instance)));
        return new ReconcilePlan(mesh, gateway, service, null, actions);
      }
      Deployment currentDeployment = deployment;
      try {
        deployment = deployments.emit(instance, mesh, currentDeployment);
      } catch (ValidationException e) {
        actions.add(fail("Deployment", e.getMessage()));
        return new ReconcilePlan(mesh, gateway, service, currentDeployment, actions);
      }
      if (currentDeployment == null) {
        actions.add(new ReconcileAction.Create(deployment));
      } else {
        patch(currentDeployment, deployment, actions);
      }
    }

    InstanceStatus status =
        StatusEmitter.emit(instance, mesh, service, service == null ? null : deployment, now);
    if (!status.equals(instance.status())) {
      actions.add(new ReconcileAction.WriteStatus(instance.namespace(), instance.name(), status));
    }
    return new ReconcilePlan(mesh, gateway, service, deployment, actions);
  }

  /**
   * The plan for an instance that is gone or being deleted: delete what it controlled, since
   * Portico does not rely on the garbage collector (D4). Objects are matched by their controller
   * reference's name, so those of a deleted instance are found like those of a live one.
   *
   * @param namespace the instance's namespace
   * @param name the instance's name
   * @param services the Services of the namespace (or any superset of those it controlled)
   * @param deployments the Deployments, likewise
   */
  public ReconcilePlan planDeleted(
      String namespace, String name, List<Service> services, List<Deployment> deployments) {
    List<ReconcileAction> actions = new ArrayList<>();
    for (HasMetadata object : services) {
      if (ControllerReference.isControlledBy(object, namespace, name)) {
        actions.add(new ReconcileAction.Delete(object));
      }
    }
    for (HasMetadata object : deployments) {
      if (ControllerReference.isControlledBy(object, namespace, name)) {
        actions.add(new ReconcileAction.Delete(object));
      }
    }
    return new ReconcilePlan(null, null, null, null, actions);
  }

  private static <T extends HasMetadata> List<T> controlled(
      List<T> objects, GatewayInstance instance) {
    return objects.stream()
        .filter(o -> ControllerReference.isControlledBy(o, instance.namespace(), instance.name()))
        .toList();
  }

  private static void patch(
      HasMetadata current, HasMetadata updated, List<ReconcileAction> actions) {
    String patch = MergePatch.between(current, updated);
    if (!MergePatch.EMPTY.equals(patch)) {
      actions.add(new ReconcileAction.Patch(current, updated, patch));
    }
  }

  private static String tooMany(GatewayInstance instance) {
    return "expected a maximum of one item controlled by " + instance.qualifiedName();
  }

  /** Kuma's wording: {@code unable to reconcile <Kind> for Gateway: <cause>}. */
  private static ReconcileAction.Fail fail(String kind, String cause) {
    return new ReconcileAction.Fail("unable to reconcile " + kind + " for Gateway: " + cause);
  }
}
