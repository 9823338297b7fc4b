package io.portico.cp.k8s.webhook;

/**
 * The control plane's {@code mode} (spec/multizone.md): which kinds Kubernetes users may write
 * here, the others arriving by sync (spec/kubernetes.md §7.3 step 2).
 */
public enum ControlPlaneMode {
  STANDALONE,
  ZONE,
  GLOBAL
}
