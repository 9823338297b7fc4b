package io.portico.cli.client;

import io.portico.cli.config.ApiServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS trust for an HTTPS API server: the JDK's trust store by default, the certificates of
 * {@code caCertFile} when set, or no checks at all with {@code skipVerify} (certificate and host
 * name alike).
 */
final class TrustSettings {
  private TrustSettings() {}

  /**
   * The SSL context for an API server.
   *
   * @throws ControlPlaneException when the CA file cannot be read or holds no certificate
   */
  static SSLContext sslContext(ApiServer server) {
    try {
      if (server.skipVerify()) {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new TrustEverything()}, null);
        return context;
      }
      if (server.caCertFile().isEmpty()) {
        return SSLContext.getDefault();
      }
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate cert : readCertificates(Path.of(server.caCertFile()))) {
        store.setCertificateEntry("ca-" + i++, cert);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new ControlPlaneException(
          "could not set up TLS for " + server.url() + ": " + e.getMessage(), e);
    }
  }

  private static Collection<? extends Certificate> readCertificates(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      Collection<? extends Certificate> certs =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certs.isEmpty()) {
        throw new ControlPlaneException(
            "--ca-cert-file " + file + ": expected PEM certificates but found none");
      }
      return certs;
    } catch (NoSuchFileException e) {
      throw new ControlPlaneException("--ca-cert-file " + file + ": no such file", e);
    } catch (IOException e) {
      throw new ControlPlaneException(
          "--ca-cert-file " + file + ": could not read it: " + e.getMessage(), e);
    } catch (java.security.cert.CertificateException e) {
      throw new ControlPlaneException(
          "--ca-cert-file " + file + ": expected PEM certificates: " + e.getMessage(), e);
    }
  }

  /**
   * Accepts any server certificate and host name ({@code --skip-verify}). An extended trust manager
   * so that the JDK does not add its own host name check.
   */
  private static final class TrustEverything extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
