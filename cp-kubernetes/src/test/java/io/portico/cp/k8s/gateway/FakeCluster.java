package io.portico.cp.k8s.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.gateway.MeshGatewaySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A namespace of an API server as far as the controller sees it: one MeshGatewayInstance, the
 * Services and Deployments of its namespace, and the MeshGateways. {@link #reconcile} plans and
 * executes like the reconcile loop: merge patches are applied to the stored JSON (RFC 7386) and the
 * result must be the object the plan expected. Tests play the API server's other roles (cluster IP
 * allocation, Deployment availability) by editing the stored objects.
 */
final class FakeCluster {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final GatewayInstancePlanner planner;
  private final Map<String, Service> services = new LinkedHashMap<>();
  private final Map<String, Deployment> deployments = new LinkedHashMap<>();
  private final List<Resource<MeshGatewaySpec>> gateways = new ArrayList<>();
  private Map<String, String> namespaceAnnotations = Map.of();
  private GatewayInstance instance;
  private boolean isInstanceDeleted;
  private ReconcilePlan lastPlan;

  FakeCluster(GatewayInstancePlanner planner, GatewayInstance instance) {
    this.planner = planner;
    this.instance = instance;
  }

  FakeCluster gateways(List<Resource<MeshGatewaySpec>> newGateways) {
    gateways.clear();
    gateways.addAll(newGateways);
    return this;
  }

  FakeCluster namespaceAnnotations(Map<String, String> annotations) {
    namespaceAnnotations = Map.copyOf(annotations);
    return this;
  }

  /** Replaces the instance, as a user's {@code kubectl apply} does (generation bumped). */
  FakeCluster updateInstance(java.util.function.UnaryOperator<GatewayInstance> change) {
    GatewayInstance changed = change.apply(instance);
    instance =
        new GatewayInstance(
            changed.namespace(),
            changed.name(),
            changed.uid(),
            instance.generation() + 1,
            changed.annotations(),
            changed.spec(),
            instance.status(),
            changed.isBeingDeleted());
    return this;
  }

  FakeCluster deleteInstance() {
    isInstanceDeleted = true;
    return this;
  }

  /** Adds an object as if someone else had created it. */
  FakeCluster put(HasMetadata object) {
    if (object instanceof Service s) {
      services.put(key(s), s);
    } else if (object instanceof Deployment d) {
      deployments.put(key(d), d);
    }
    return this;
  }

  /** Edits the stored Service of the instance, e.g. to assign a cluster IP. */
  FakeCluster editService(Consumer<Service> edit) {
    edit.accept(service().orElseThrow());
    return this;
  }

  FakeCluster editDeployment(Consumer<Deployment> edit) {
    edit.accept(deployment().orElseThrow());
    return this;
  }

  /** One reconcile: plan, then execute every action up to a Fail. */
  ReconcilePlan reconcile(Instant now) {
    ReconcilePlan plan =
        isInstanceDeleted
            ? planner.planDeleted(
                instance.namespace(),
                instance.name(),
                List.copyOf(services.values()),
                List.copyOf(deployments.values()))
            : planner.plan(
                new ReconcileInput(
                    instance,
                    namespaceAnnotations,
                    gateways,
                    List.copyOf(services.values()),
                    List.copyOf(deployments.values())),
                now);
    for (ReconcileAction action : plan.actions()) {
      if (action instanceof ReconcileAction.Create c) {
        assertThat(find(c.object())).as("created object exists already").isNull();
        store(ObjectTrees.copy(c.object()));
      } else if (action instanceof ReconcileAction.Patch p) {
        HasMetadata stored = find(p.current());
        assertThat(stored).as("patched object exists").isNotNull();
        JsonNode patched = apply(ObjectTrees.toTree(stored), GatewayFixtures.tree(p.mergePatch()));
        assertThat(patched).as("merge patch result").isEqualTo(ObjectTrees.toTree(p.updated()));
        store(ObjectTrees.fromTree(patched, stored.getClass()));
      } else if (action instanceof ReconcileAction.Delete d) {
        assertThat(remove(d.object())).as("deleted object existed").isTrue();
      } else if (action instanceof ReconcileAction.WriteStatus s) {
        instance = instance.withStatus(s.status());
      } else if (action instanceof ReconcileAction.Fail) {
        break;
      }
    }
    lastPlan = plan;
    return plan;
  }

  ReconcilePlan lastPlan() {
    return lastPlan;
  }

  GatewayInstance instance() {
    return instance;
  }

  /** The Service the instance controls, if any. */
  Optional<Service> service() {
    return services.values().stream()
        .filter(s -> ControllerReference.isControlledBy(s, instance.namespace(), instance.name()))
        .findFirst();
  }

  Optional<Deployment> deployment() {
    return deployments.values().stream()
        .filter(d -> ControllerReference.isControlledBy(d, instance.namespace(), instance.name()))
        .findFirst();
  }

  List<Service> services() {
    return List.copyOf(services.values());
  }

  List<Deployment> deployments() {
    return List.copyOf(deployments.values());
  }

  InstanceStatus.Condition ready() {
    return instance.status().condition(InstanceStatus.READY).orElseThrow();
  }

  private static String key(HasMetadata o) {
    return o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
  }

  private HasMetadata find(HasMetadata o) {
    return o instanceof Service ? services.get(key(o)) : deployments.get(key(o));
  }

  private void store(HasMetadata o) {
    if (o instanceof Service s) {
      services.put(key(s), s);
    } else {
      deployments.put(key(o), (Deployment) o);
    }
  }

  private boolean remove(HasMetadata o) {
    return (o instanceof Service ? services.remove(key(o)) : deployments.remove(key(o))) != null;
  }

  /** RFC 7386 MergePatch(target, patch). */
  static JsonNode apply(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch;
    }
    ObjectNode result =
        target != null && target.isObject()
            ? ((ObjectNode) target).deepCopy()
            : JSON.createObjectNode();
    for (Map.Entry<String, JsonNode> e : patch.properties()) {
      if (e.getValue().isNull()) {
        result.remove(e.getKey());
      } else {
        result.set(e.getKey(), apply(result.get(e.getKey()), e.getValue()));
      }
    }
    return result;
  }
}
