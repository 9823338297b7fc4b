package io.portico.cp.compiler.plan;

import java.util.List;

/**
 * TLS the proxy originates toward a cluster's endpoints: mesh mTLS (its identity presented, the
 * server's SPIFFE URI checked) or TLS toward an ExternalService (its own CA, no identity).
 *
 * @param sni the server name sent; empty = none
 * @param expectedUris the server certificate must carry one of these URI SANs; empty = any
 * @param alpn ALPN protocols offered
 * @param presentIdentity whether the proxy's mesh identity is the client certificate
 * @param trustedCaPems the CAs the server must chain to; empty = the identity's trusted CAs
 * @param skipVerify whether the server certificate is not verified at all
 */
public record UpstreamTlsPlan(
    String sni,
    List<String> expectedUris,
    List<String> alpn,
    boolean presentIdentity,
    List<String> trustedCaPems,
    boolean skipVerify) {
  public UpstreamTlsPlan {
    sni = sni == null ? "" : sni;
    expectedUris = List.copyOf(expectedUris);
    alpn = List.copyOf(alpn);
    trustedCaPems = List.copyOf(trustedCaPems);
  }
}
