package io.portico.cp.identity;

import io.portico.proxy.api.v1.Identity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A dataplane's mesh identity as issued by this control-plane instance: kept in memory only, per
 * connected proxy, never stored (spec/core.md §1.2).
 *
 * @param mesh the dataplane's mesh
 * @param backend the CA backend that signed it
 * @param certificateChainPem the leaf, then the CA chain
 * @param privateKeyPem the leaf's key (PKCS#8)
 * @param trustedCaPems the mesh's CA certificates, enabled backend first
 * @param uris the leaf's URI SANs, in order
 * @param issuedAt when it was issued (NotBefore is 10 s earlier)
 * @param notAfter when it expires
 * @param inputs a digest of what it was issued from (mesh mTLS settings, CA certificates, dataplane
 *     tags); a different digest calls for a new identity
 */
public record DataplaneIdentity(
    String mesh,
    String backend,
    String certificateChainPem,
    String privateKeyPem,
    List<String> trustedCaPems,
    List<String> uris,
    Instant issuedAt,
    Instant notAfter,
    String inputs) {
  public DataplaneIdentity {
    Objects.requireNonNull(mesh, "mesh");
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(certificateChainPem, "certificateChainPem");
    Objects.requireNonNull(privateKeyPem, "privateKeyPem");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(notAfter, "notAfter");
    Objects.requireNonNull(inputs, "inputs");
    trustedCaPems = List.copyOf(trustedCaPems);
    uris = List.copyOf(uris);
  }

  /**
   * When a new identity is due: once 4/5 of the lifetime from issuance to expiry has elapsed
   * (Kuma's {@code ExpiringSoon}, spec/core.md §1.2).
   */
  public Instant rotateAt() {
    Duration lifetime = Duration.between(issuedAt, notAfter);
    return issuedAt.plus(lifetime.multipliedBy(4).dividedBy(5));
  }

  /** The wire form sent in {@code ProxyConfig.identity}. */
  public Identity toProto() {
    return Identity.newBuilder()
        .setCertificateChainPem(certificateChainPem)
        .setPrivateKeyPem(privateKeyPem)
        .addAllTrustedCaPem(trustedCaPems)
        .addAllUris(uris)
        .build();
  }

  /** Keys are never printed. */
  @Override
  public String toString() {
    return "DataplaneIdentity[mesh="
        + mesh
        + ", backend="
        + backend
        + ", uris="
        + uris
        + ", issuedAt="
        + issuedAt
        + ", notAfter="
        + notAfter
        + "]";
  }
}
