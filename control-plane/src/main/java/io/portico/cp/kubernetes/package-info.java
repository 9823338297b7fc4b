/**
 * The control plane's parts that exist only with {@code environment: kubernetes}: the controllers
 * that run on the leader (Meshes written with kubectl, MeshGatewayInstances, Pods, Services), the
 * admission webhook server, and proxy authentication with service account tokens. The pure parts
 * (store, conversions, webhook handlers) are in module cp-kubernetes.
 *
 * <p>Threading: each controller reconciles on its own thread ({@code controller-<name>}), fed by
 * the store's change feed and by informers; reconciles are skipped while this instance is not the
 * leader.
 */
package io.portico.cp.kubernetes;
