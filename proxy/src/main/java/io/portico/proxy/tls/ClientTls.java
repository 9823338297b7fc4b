package io.portico.proxy.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The compiled upstream TLS of one cluster (spec core.md §1.2, "client side"): the context (client
 * certificate, trust, ALPN) is shared by every cluster with the same settings; the SNI and the
 * server's expected URI SANs are this cluster's.
 *
 * <p>Compared by its settings, including the fingerprints of the client certificate and of the
 * trusted CAs: upstream pools key on it, so a new identity opens new connections while the old ones
 * finish (docs/adr/0007-proxy-tls.md).
 */
public final class ClientTls {
  private final SslContext context;
  private final Spec spec;
  private final int hash;

  /**
   * What a cluster's TLS is made of.
   *
   * @param sni server name sent; empty = the endpoint's host name (IP addresses send none)
   * @param expectedUris the server certificate must carry one of these URI SANs; empty = any
   * @param alpn protocols offered (e.g. {@code kuma}, a marker only)
   * @param clientCertificate presented to the server; {@code null} = none
   * @param trust CAs the server certificate must chain to (unused when {@code skipVerify})
   * @param skipVerify neither the chain nor the URIs of the server are checked
   */
  public record Spec(
      String sni,
      List<String> expectedUris,
      List<String> alpn,
      CertificateChain clientCertificate,
      TrustAnchors trust,
      boolean skipVerify) {
    public Spec {
      Objects.requireNonNull(sni, "sni");
      expectedUris = List.copyOf(expectedUris);
      alpn = List.copyOf(alpn);
      Objects.requireNonNull(trust, "trust");
    }
  }

  ClientTls(SslContext context, Spec spec) {
    this.context = context;
    this.spec = spec;
    this.hash = spec.hashCode();
  }

  /**
   * A handler for a new connection to an endpoint.
   *
   * @param endpointHost the endpoint's host as configured, the SNI when the cluster names none
   * @param handshakeTimeout the handshake fails after this long (a connect failure)
   */
  public SslHandler newHandler(
      ByteBufAllocator alloc, String endpointHost, int port, Duration handshakeTimeout) {
    String serverName = spec.sni().isEmpty() ? endpointHost : spec.sni();
    SslHandler handler = context.newHandler(alloc, serverName, port);
    handler.setHandshakeTimeoutMillis(Math.max(1, handshakeTimeout.toMillis()));
    if (isHostName(serverName)) {
      SSLEngine engine = handler.engine();
      SSLParameters parameters = engine.getSSLParameters();
      parameters.setServerNames(List.of(new SNIHostName(serverName)));
      engine.setSSLParameters(parameters);
    }
    return handler;
  }

  /** Whether {@code name} can be sent as SNI (RFC 6066 §3: a host name, not an IP literal). */
  public static boolean isHostName(String name) {
    if (name.isEmpty()
        || name.indexOf(':') >= 0
        || name.chars().allMatch(c -> c == '.' || Character.isDigit(c))) {
      return false;
    }
    try {
      new SNIHostName(name);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Checks the server after a completed handshake: its certificate must carry one of the expected
   * URI SANs (exact match).
   *
   * @throws SSLPeerUnverifiedException when it does not
   */
  public void verify(SSLSession session) throws SSLPeerUnverifiedException {
    if (spec.skipVerify() || spec.expectedUris().isEmpty()) {
      return;
    }
    List<String> uris = CertificateUris.ofPeer(session);
    for (String uri : uris) {
      if (spec.expectedUris().contains(uri)) {
        return;
      }
    }
    throw new SSLPeerUnverifiedException(
        "server certificate URIs " + uris + " match none of " + spec.expectedUris());
  }

  /** The fingerprint of the presented client certificate; empty when none is presented. */
  public String clientCertificateFingerprint() {
    return spec.clientCertificate() == null ? "" : spec.clientCertificate().fingerprint();
  }

  public Spec spec() {
    return spec;
  }

  @Override
  public boolean equals(Object o) {
    // Pool lookups compare keys on every request: hash once, then the fingerprints.
    return o == this
        || (o instanceof ClientTls other && hash == other.hash && spec.equals(other.spec));
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return "ClientTls[sni="
        + spec.sni()
        + ", expectedUris="
        + spec.expectedUris()
        + ", identity="
        + clientCertificateFingerprint()
        + "]";
  }
}
