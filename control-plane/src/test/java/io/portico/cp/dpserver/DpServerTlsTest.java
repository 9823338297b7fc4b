package io.portico.cp.dpserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DP server listens where ports.json says, over TLS with the control plane's certificate. */
class DpServerTlsTest {
  @TempDir Path workDir;

  @Test
  void dpServerPresentsTheControlPlaneCertificateOfTheWorkDirectory() throws Exception {
    try (DpFixture dp = DpFixture.start(workDir)) {
      X509Certificate expected;
      try (InputStream in = Files.newInputStream(dp.caCert())) {
        expected =
            (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      }
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      trust.setCertificateEntry("cp", expected);
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, tmf.getTrustManagers(), null);

      try (SSLSocket socket =
          (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", dp.port())) {
        socket.startHandshake();
        Certificate[] presented = socket.getSession().getPeerCertificates();
        assertThat(presented[0]).isEqualTo(expected);
        assertThat(socket.getSession().getProtocol()).isIn("TLSv1.2", "TLSv1.3");
      }

      String ports = Files.readString(workDir.resolve("ports.json"));
      assertThat(ports).contains("\"dpServer\":" + dp.port());
      assertThat(dp.port()).isPositive();
    }
  }
}
