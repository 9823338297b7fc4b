package io.portico.cp.k8s.gateway;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.SpecValues;
import io.portico.mesh.api.gateway.MeshGatewaySpec;
import java.util.List;
import java.util.Objects;

/**
 * What one reconcile of an existing MeshGatewayInstance reads (spec/kubernetes.md §4.3).
 *
 * @param instance the instance
 * @param namespaceAnnotations the annotations of its Namespace (for the mesh)
 * @param gateways the MeshGateways of its mesh (others are ignored, so all MeshGateways will do)
 * @param services the Services of its namespace, or any superset of those it controls: the planner
 *     keeps those whose controller reference names the instance
 * @param deployments the Deployments, likewise
 */
public record ReconcileInput(
    GatewayInstance instance,
    java.util.Map<String, String> namespaceAnnotations,
    List<Resource<MeshGatewaySpec>> gateways,
    List<Service> services,
    List<Deployment> deployments) {
  public ReconcileInput {
    Objects.requireNonNull(instance, "instance");
    namespaceAnnotations = SpecValues.tags(namespaceAnnotations);
    gateways = List.copyOf(gateways);
    services = List.copyOf(services);
    deployments = List.copyOf(deployments);
  }
}
