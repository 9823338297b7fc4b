package io.portico.cp.compiler.plan;

import java.util.List;

/**
 * TLS a listener terminates: an HTTPS gateway port (certificates per host), a sidecar inbound with
 * mesh mTLS (the proxy's identity, client certificates of the mesh), or a crossMesh gateway port
 * (the identity, client certificates of any mesh).
 *
 * @param certificates the server certificates by server name (HTTPS); empty with {@code
 *     useIdentity}
 * @param clientCaPems CAs a client certificate may chain to, besides the identity's trusted CAs
 * @param alpn ALPN protocols offered, in preference order
 * @param clientUriPrefixes a client certificate must carry a URI SAN with one of these prefixes;
 *     empty = any
 * @param useIdentity whether the server certificate is the proxy's mesh identity
 * @param requireClientCertificate whether a client certificate is required
 * @param isPermissive whether plaintext connections are accepted too (mTLS mode PERMISSIVE)
 */
public record DownstreamTlsPlan(
    List<ServerCertificatePlan> certificates,
    List<String> clientCaPems,
    List<String> alpn,
    List<String> clientUriPrefixes,
    boolean useIdentity,
    boolean requireClientCertificate,
    boolean isPermissive) {
  /** The ALPN protocol mesh proxies offer each other (spec/core.md §1.2). */
  public static final String KUMA_ALPN = "kuma";

  /** What an HTTPS gateway listener offers (spec/gateway.md §2.7). */
  public static final List<String> HTTPS_ALPN = List.of("h2", "http/1.1");

  public DownstreamTlsPlan {
    certificates = List.copyOf(certificates);
    clientCaPems = List.copyOf(clientCaPems);
    alpn = List.copyOf(alpn);
    clientUriPrefixes = List.copyOf(clientUriPrefixes);
  }

  /** An HTTPS listener (spec/gateway.md §2.7): these certificates, h2 and http/1.1, no client. */
  public static DownstreamTlsPlan https(List<ServerCertificatePlan> certificates) {
    return new DownstreamTlsPlan(
        certificates, List.of(), HTTPS_ALPN, List.of(), false, false, false);
  }

  /**
   * A sidecar inbound of an mTLS mesh (spec/core.md §1.2): the identity as server certificate, a
   * client certificate of this mesh required ({@code spiffe://<mesh>/} URI), ALPN {@code kuma}.
   */
  public static DownstreamTlsPlan meshInbound(String clientUriPrefix, boolean isPermissive) {
    return new DownstreamTlsPlan(
        List.of(),
        List.of(),
        List.of(KUMA_ALPN),
        List.of(clientUriPrefix),
        true,
        true,
        isPermissive);
  }

  /**
   * A crossMesh gateway port (spec/gateway.md §5.2): the identity as server certificate, a client
   * certificate of any of these meshes' CAs required, no URI check, ALPN {@code kuma}.
   */
  public static DownstreamTlsPlan crossMesh(List<String> clientCaPems) {
    return new DownstreamTlsPlan(
        List.of(), clientCaPems, List.of(KUMA_ALPN), List.of(), true, true, false);
  }
}
