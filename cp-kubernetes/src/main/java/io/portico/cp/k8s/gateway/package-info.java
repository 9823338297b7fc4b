/**
 * The MeshGatewayInstance controller's decisions (spec/kubernetes.md §4): which MeshGateway an
 * instance serves ({@link io.portico.cp.k8s.gateway.GatewayMatch}), the Service and Deployment that
 * run it ({@link io.portico.cp.k8s.gateway.ServiceEmitter}, {@link
 * io.portico.cp.k8s.gateway.DeploymentEmitter}), its status ({@link
 * io.portico.cp.k8s.gateway.StatusEmitter}), and the writes of one reconcile ({@link
 * io.portico.cp.k8s.gateway.GatewayInstancePlanner} → {@link
 * io.portico.cp.k8s.gateway.ReconcilePlan}).
 *
 * <p>Everything here is a pure function of its inputs: no Kubernetes client, no I/O, no clock (the
 * time of a transition is passed in), no threads. The reconcile loop reads the instance, its
 * Namespace, the MeshGateways and the controlled objects, calls the planner, and executes the
 * actions in order. Objects handed in are never modified; objects handed out are fresh and belong
 * to the caller. Safe to call from any thread.
 */
package io.portico.cp.k8s.gateway;
