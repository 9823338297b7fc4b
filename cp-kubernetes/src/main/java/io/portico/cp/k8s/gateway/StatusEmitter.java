package io.portico.cp.k8s.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The status of a MeshGatewayInstance after a reconcile (spec/kubernetes.md §4.6, Kuma 2.0.8's
 * {@code updateStatus} and {@code getCombinedReadiness}).
 *
 * <p>The {@code Ready} condition, first applicable row wins:
 *
 * <pre>
 * no Service (no MeshGateway matched)              False    NoGatewayMatched  "No Gateway matched by tags in mesh: '&lt;mesh&gt;'"
 * Deployment condition Available=False             False    DeploymentNotAvailable
 * Deployment condition Available=Unknown           Unknown  DeploymentNotAvailable
 * ClusterIP/NodePort with a clusterIP not "" nor "None"   True  Ready
 * LoadBalancer with status.loadBalancer.ingress    True     Ready
 * otherwise                                        False    LoadBalancerAddressNotReady
 * </pre>
 *
 * A Deployment without an {@code Available} condition (just created) counts as available [quirk].
 * The condition is set with {@code meta.SetStatusCondition} semantics: {@code lastTransitionTime}
 * changes only when {@code status} changes; reason, message and observed generation are always
 * rewritten; other conditions are kept. Whenever there is a Service, {@code status.loadBalancer} is
 * a copy of the Service's ({@code {}} when it has none); otherwise it is left as it was.
 */
public final class StatusEmitter {
  public static final String NO_GATEWAY_MATCHED = "NoGatewayMatched";
  public static final String DEPLOYMENT_NOT_AVAILABLE = "DeploymentNotAvailable";
  public static final String LOAD_BALANCER_ADDRESS_NOT_READY = "LoadBalancerAddressNotReady";
  public static final String READY = "Ready";

  private StatusEmitter() {}

  /** A condition's status and reason. */
  public record Readiness(String status, String reason) {}

  /**
   * The instance's status after a reconcile.
   *
   * @param instance the instance, with the status it has now
   * @param mesh its mesh
   * @param service its Service after the reconcile, or null when there is none
   * @param deployment its Deployment after the reconcile, or null
   * @param now the time of a transition
   */
  public static InstanceStatus emit(
      GatewayInstance instance, String mesh, Service service, Deployment deployment, Instant now) {
    Readiness readiness;
    String message = "";
    if (service == null) {
      readiness = new Readiness("False", NO_GATEWAY_MATCHED);
      message = "No Gateway matched by tags in mesh: '" + mesh + "'";
    } else {
      readiness = readiness(service, deployment);
    }
    List<InstanceStatus.Condition> conditions =
        setCondition(
            instance.status().conditions(),
            InstanceStatus.READY,
            readiness,
            message,
            instance.generation(),
            now);
    JsonNode loadBalancer = instance.status().loadBalancer();
    if (service != null) {
      loadBalancer =
          service.getStatus() == null || service.getStatus().getLoadBalancer() == null
              ? JsonNodeFactory.instance.objectNode()
              : ObjectTrees.toTree(service.getStatus().getLoadBalancer());
    }
    return new InstanceStatus(conditions, loadBalancer);
  }

  /** The readiness of an instance that has a Service (rows 2–6 of the table). */
  public static Readiness readiness(Service service, Deployment deployment) {
    if (deployment != null
        && deployment.getStatus() != null
        && deployment.getStatus().getConditions() != null) {
      for (DeploymentCondition c : deployment.getStatus().getConditions()) {
        if (!"Available".equals(c.getType())) {
          continue;
        }
        if ("False".equals(c.getStatus())) {
          return new Readiness("False", DEPLOYMENT_NOT_AVAILABLE);
        }
        if ("Unknown".equals(c.getStatus())) {
          return new Readiness("Unknown", DEPLOYMENT_NOT_AVAILABLE);
        }
      }
    }
    String type = service.getSpec() == null ? null : service.getSpec().getType();
    if ("ClusterIP".equals(type) || "NodePort".equals(type)) {
      List<String> ips = service.getSpec().getClusterIPs();
      if (ips != null && ips.stream().anyMatch(ip -> !ip.isEmpty() && !"None".equals(ip))) {
        return new Readiness("True", READY);
      }
    } else if ("LoadBalancer".equals(type)
        && service.getStatus() != null
        && service.getStatus().getLoadBalancer() != null
        && service.getStatus().getLoadBalancer().getIngress() != null
        && !service.getStatus().getLoadBalancer().getIngress().isEmpty()) {
      return new Readiness("True", READY);
    }
    return new Readiness("False", LOAD_BALANCER_ADDRESS_NOT_READY);
  }

  /** {@code meta.SetStatusCondition}: replace or append the condition of this type. */
  static List<InstanceStatus.Condition> setCondition(
      List<InstanceStatus.Condition> conditions,
      String type,
      Readiness readiness,
      String message,
      long generation,
      Instant now) {
    List<InstanceStatus.Condition> out = new ArrayList<>();
    boolean found = false;
    for (InstanceStatus.Condition c : conditions) {
      if (!found && c.type().equals(type)) {
        found = true;
        Instant since = c.status().equals(readiness.status()) ? c.lastTransitionTime() : now;
        out.add(
            new InstanceStatus.Condition(
                type, readiness.status(), readiness.reason(), message, generation, since));
      } else {
        out.add(c);
      }
    }
    if (!found) {
      out.add(
          new InstanceStatus.Condition(
              type, readiness.status(), readiness.reason(), message, generation, now));
    }
    return out;
  }
}
