package io.portico.cp.k8s.webhook;

import java.util.List;

/**
 * Which mTLS backends of a Mesh use a Secret: the builtin CA's {@code <mesh>.ca-builtin-cert-<b>}
 * and {@code <mesh>.ca-builtin-key-<b>}, a provided CA's {@code cert} and {@code key} secrets. A
 * Secret in use may not be deleted (spec/kubernetes.md §7.4, Kuma's {@code
 * secrets/manager.ValidateDelete}).
 */
@FunctionalInterface
public interface SecretUsage {
  /**
   * The names of the mTLS backends of Mesh {@code mesh} that use Secret {@code secret}, in order.
   */
  List<String> mtlsBackendsUsing(String mesh, String secret);
}
