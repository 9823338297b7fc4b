package io.portico.cp.ca;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * The signing material of one CA backend of a mesh: what dataplane certificates are issued with.
 *
 * @param mesh the mesh
 * @param backend the backend's name
 * @param type {@code builtin} or {@code provided}
 * @param chain the CA certificate first, then its issuers (a provided CA may be an intermediate)
 * @param key the key of the first certificate
 */
public record MeshCa(
    String mesh, String backend, String type, List<X509Certificate> chain, PrivateKey key) {
  public MeshCa {
    Objects.requireNonNull(mesh, "mesh");
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(key, "key");
    chain = List.copyOf(chain);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException(
          "CA " + backend + " of mesh " + mesh + " has no certificate");
    }
  }

  /** The certificate that signs. */
  public X509Certificate certificate() {
    return chain.get(0);
  }

  /** Keys are never printed. */
  @Override
  public String toString() {
    return "MeshCa[mesh=" + mesh + ", backend=" + backend + ", type=" + type + "]";
  }
}
