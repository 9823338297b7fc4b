package io.portico.cp.k8s.gateway;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.gateway.MeshGatewaySpec;
import java.util.List;
import java.util.Optional;

/**
 * What one reconcile of a MeshGatewayInstance does ({@link #actions()}, to execute in order) and
 * the state it leaves, for logs and tests. Built by {@link GatewayInstancePlanner}.
 */
public final class ReconcilePlan {
  private final String mesh;
  private final Resource<MeshGatewaySpec> gateway;
  private final Service service;
  private final Deployment deployment;
  private final List<ReconcileAction> actions;

  ReconcilePlan(
      String mesh,
      Resource<MeshGatewaySpec> gateway,
      Service service,
      Deployment deployment,
      List<ReconcileAction> actions) {
    this.mesh = mesh;
    this.gateway = gateway;
    this.service = service;
    this.deployment = deployment;
    this.actions = List.copyOf(actions);
  }

  /** The steps, in order; empty when everything is as it should be. */
  public List<ReconcileAction> actions() {
    return actions;
  }

  /** The instance's mesh; empty when the instance is gone. */
  public Optional<String> mesh() {
    return Optional.ofNullable(mesh);
  }

  /** The MeshGateway the instance serves, if one matched. */
  public Optional<Resource<MeshGatewaySpec>> gateway() {
    return Optional.ofNullable(gateway);
  }

  /**
   * The controlled Service once the actions are applied (without the fields the API server fills in
   * at creation), if there is one.
   */
  public Optional<Service> service() {
    return Optional.ofNullable(service);
  }

  /** The controlled Deployment once the actions are applied, if there is exactly one. */
  public Optional<Deployment> deployment() {
    return Optional.ofNullable(deployment);
  }

  /** The status this plan writes, if it writes one. */
  public Optional<InstanceStatus> status() {
    return actions.stream()
        .filter(ReconcileAction.WriteStatus.class::isInstance)
        .map(a -> ((ReconcileAction.WriteStatus) a).status())
        .findFirst();
  }

  /** Why the reconcile fails, if it does. */
  public Optional<String> failure() {
    return actions.stream()
        .filter(ReconcileAction.Fail.class::isInstance)
        .map(a -> ((ReconcileAction.Fail) a).message())
        .findFirst();
  }

  @Override
  public String toString() {
    return "ReconcilePlan[mesh=" + mesh + ", actions=" + actions.size() + "]";
  }
}
