package io.portico.proxy.tls;

import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The URI subject alternative names of a certificate: a mesh identity's {@code
 * spiffe://<mesh>/<service>} and {@code kuma://<tag>/<value>} (spec core.md §1.2).
 */
public final class CertificateUris {
  /** GeneralName type of a uniformResourceIdentifier (RFC 5280 §4.2.1.6). */
  private static final int URI = 6;

  private CertificateUris() {}

  /** The URI SANs of {@code certificate}, in certificate order; empty when it has none. */
  public static List<String> of(X509Certificate certificate) {
    Collection<List<?>> names;
    try {
      names = certificate.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      return List.of();
    }
    if (names == null) {
      return List.of();
    }
    List<String> uris = new ArrayList<>(2);
    for (List<?> name : names) {
      if (name.size() >= 2 && name.get(0) instanceof Integer type && type == URI) {
        uris.add(String.valueOf(name.get(1)));
      }
    }
    return List.copyOf(uris);
  }

  /** The URI SANs of the peer's leaf certificate; empty when the peer sent no certificate. */
  public static List<String> ofPeer(SSLSession session) {
    Certificate[] chain;
    try {
      chain = session.getPeerCertificates();
    } catch (SSLPeerUnverifiedException e) {
      return List.of();
    }
    if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
      return List.of();
    }
    return of(leaf);
  }
}
