/**
 * Kubernetes mode end to end on one machine (spec/kubernetes.md §11): a cluster of one node made of
 * fabric8's mock API server, the control plane's admission webhooks called as the API server calls
 * them, and a kubelet that runs pods' containers as real processes of our programs. The tests drive
 * it from JUnit's thread; the mock answers on its own threads (TokenReviews read a concurrent map).
 */
package io.portico.it.k8s;
