/**
 * Pod → Dataplane (spec/kubernetes.md §5): the pure conversion of a Kubernetes Pod, its Namespace
 * and the Services around it into the Dataplane the pod controller writes, or into the decision to
 * leave it alone, delete it, or report why none can be generated; and the service-upstream
 * annotations the service controller adds (§5.11).
 *
 * <p>{@link io.portico.cp.k8s.pod.PodConverter} is the entry point. Everything here is a function
 * of its arguments: no I/O, no Kubernetes client, no clock, no threads. The controller gathers the
 * inputs (from its informer caches) and performs the writes and events. Safe from any thread.
 */
package io.portico.cp.k8s.pod;
