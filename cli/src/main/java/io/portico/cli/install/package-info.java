/**
 * {@code porticoctl install crds} and {@code install control-plane} (spec/kubernetes.md §8): the
 * Kubernetes objects of a Portico control plane, built as Jackson trees by pure functions of the
 * flags (and, for the webhook TLS Secret, of a freshly issued CA and server certificate) and
 * printed as multi-document YAML for {@code kubectl apply -f -}. No cluster is contacted. Runs on
 * the main thread.
 */
package io.portico.cli.install;
