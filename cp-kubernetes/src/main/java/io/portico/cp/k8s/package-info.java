/**
 * Portico on Kubernetes (spec/kubernetes.md): the store on custom resources and Secrets, the
 * controllers that turn MeshGatewayInstances into Deployments and Services and Pods into
 * Dataplanes, and the admission webhooks (validation, defaulting, owner references, the sidecar
 * injector).
 *
 * <p>Threading: the store's reads come from informer caches and are safe from any thread; its
 * writes are synchronous API calls. Each controller reconciles on its own single thread (one object
 * at a time), fed by informer events. The webhook server answers on its own threads and only reads.
 */
package io.portico.cp.k8s;
