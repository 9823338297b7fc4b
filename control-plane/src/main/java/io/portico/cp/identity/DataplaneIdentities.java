package io.portico.cp.identity;

import io.portico.cp.ca.CaUnavailableException;
import io.portico.cp.ca.MeshCa;
import io.portico.cp.ca.MeshCas;
import io.portico.cp.compiler.MeshSnapshot;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.dataplane.DataplaneSpec;
import io.portico.mesh.api.mesh.MeshSpec;
import io.portico.mesh.api.mesh.MeshSpec.CertificateAuthorityBackend;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Decides what a connected proxy's identity should be, and issues a new one when it is due
 * (spec/core.md §1.2, Kuma's {@code pkg/xds/secrets/secrets.go}):
 *
 * <ul>
 *   <li>no identity when the mesh has mTLS off;
 *   <li>a new one when the proxy has none (it just connected: identities are per stream and kept in
 *       memory, so a reconnect or a restart of the control plane issues a new one);
 *   <li>a new one when what it was issued from changed: the mesh's enabled backend or its settings,
 *       the mesh's CA certificates, the dataplane's tags;
 *   <li>a new one when 4/5 of its lifetime has elapsed ({@link DataplaneIdentity#rotateAt()});
 *   <li>otherwise the current one.
 * </ul>
 *
 * Stateless apart from the store reads of the CA; called on the DP server's sync thread.
 */
public final class DataplaneIdentities {
  private final MeshCas cas;
  private final IdentityIssuer issuer;
  private final Clock clock;

  public DataplaneIdentities(MeshCas cas, IdentityIssuer issuer, Clock clock) {
    this.cas = cas;
    this.issuer = issuer;
    this.clock = clock;
  }

  /**
   * The identity the proxy of {@code dataplane} should have now: empty when its mesh has mTLS off,
   * {@code current} itself when it is still good, or a new one.
   *
   * @throws CaUnavailableException when a new one is needed and the mesh's CA cannot sign it
   */
  public Optional<DataplaneIdentity> refresh(
      Optional<DataplaneIdentity> current,
      MeshSnapshot snapshot,
      Resource<DataplaneSpec> dataplane) {
    MeshSpec mesh = snapshot.mesh().spec();
    Optional<CertificateAuthorityBackend> backend = mesh.enabledCaBackend();
    if (backend.isEmpty()) {
      return Optional.empty();
    }
    List<String> uris = IdentityUris.of(snapshot.meshName(), dataplane.spec());
    String inputs = inputs(snapshot, backend.get(), uris);
    if (current.isPresent() && current.get().inputs().equals(inputs) && !isDue(current.get())) {
      return current;
    }
    MeshCa ca = cas.load(snapshot.meshName(), backend.get());
    Duration lifetime = IdentityIssuer.lifetime(backend.get());
    return Optional.of(issuer.issue(ca, uris, lifetime, snapshot.trustedCaPems(), inputs));
  }

  /** Whether 4/5 of the identity's lifetime has elapsed. */
  public boolean isDue(DataplaneIdentity identity) {
    return !clock.instant().isBefore(identity.rotateAt());
  }

  /** A digest of the mesh name, the enabled backend, the trusted CAs and the URIs (the tags). */
  static String inputs(
      MeshSnapshot snapshot, CertificateAuthorityBackend backend, List<String> uris) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      update(digest, snapshot.meshName());
      update(digest, backend.toString());
      for (String pem : snapshot.trustedCaPems()) {
        update(digest, pem);
      }
      for (String uri : uris) {
        update(digest, uri);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }

  private static void update(MessageDigest digest, String text) {
    digest.update(text.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) 0);
  }
}
