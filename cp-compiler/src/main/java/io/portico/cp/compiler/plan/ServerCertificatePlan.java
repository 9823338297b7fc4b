package io.portico.cp.compiler.plan;

import java.util.List;
import java.util.Objects;

/**
 * A server certificate of an HTTPS listener, for some server names.
 *
 * @param serverNames the SNI names it serves (exact or {@code *.suffix}); empty = the default
 * @param keyType RSA or ECDSA (one of each at most per host, spec/gateway.md §1.2)
 * @param chainPem the server certificate first, then its chain (PEM)
 * @param privateKeyPem the server certificate's key (PEM)
 */
public record ServerCertificatePlan(
    List<String> serverNames, KeyType keyType, String chainPem, String privateKeyPem) {
  public ServerCertificatePlan {
    serverNames = List.copyOf(serverNames);
    Objects.requireNonNull(keyType, "keyType");
    Objects.requireNonNull(chainPem, "chainPem");
    Objects.requireNonNull(privateKeyPem, "privateKeyPem");
  }

  /** The key algorithms a server certificate may use (spec/gateway.md §1.2). */
  public enum KeyType {
    RSA,
    ECDSA
  }

  @Override
  public String toString() {
    return "ServerCertificatePlan[serverNames=" + serverNames + ", keyType=" + keyType + "]";
  }
}
