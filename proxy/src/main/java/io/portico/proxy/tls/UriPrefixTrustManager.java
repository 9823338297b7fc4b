package io.portico.proxy.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Verifies client certificates of a mutual-TLS listener: the chain must lead to the trust anchors
 * (PKIX, delegated), then the leaf must carry a URI SAN starting with one of the prefixes (spec
 * core.md §1.2, "server side": {@code spiffe://<mesh>/}). A client failing either check fails the
 * handshake.
 */
final class UriPrefixTrustManager extends X509ExtendedTrustManager {
  private final X509ExtendedTrustManager delegate;
  private final List<String> prefixes;

  UriPrefixTrustManager(X509ExtendedTrustManager delegate, List<String> prefixes) {
    this.delegate = delegate;
    this.prefixes = List.copyOf(prefixes);
  }

  private void checkPrefixes(X509Certificate[] chain) throws CertificateException {
    if (prefixes.isEmpty()) {
      return;
    }
    List<String> uris = CertificateUris.of(chain[0]);
    for (String uri : uris) {
      for (String prefix : prefixes) {
        if (uri.startsWith(prefix)) {
          return;
        }
      }
    }
    throw new CertificateException(
        "client certificate URIs " + uris + " have none of the prefixes " + prefixes);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    delegate.checkClientTrusted(chain, authType, engine);
    checkPrefixes(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    delegate.checkClientTrusted(chain, authType, socket);
    checkPrefixes(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    delegate.checkClientTrusted(chain, authType);
    checkPrefixes(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    delegate.checkServerTrusted(chain, authType, engine);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    delegate.checkServerTrusted(chain, authType, socket);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    delegate.checkServerTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return delegate.getAcceptedIssuers();
  }
}
