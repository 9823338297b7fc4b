package io.portico.testing.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestPkiTest {
  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
  private final TestPki pki = TestPki.create(Clock.fixed(NOW, ZoneOffset.UTC), "Test CA");

  @Test
  void caIsSelfSignedAndMayIssueCertificates() throws Exception {
    X509Certificate ca = pki.caCertificate();
    ca.verify(ca.getPublicKey());
    assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    assertThat(ca.getSubjectX500Principal().getName()).contains("CN=Test CA");
  }

  @Test
  void serverCertificateCarriesDnsAndIpSansAndChainsToTheCa() throws Exception {
    IssuedCertificate server =
        pki.issueServer(List.of("localhost", "cp.example"), List.of("127.0.0.1"));
    X509Certificate cert = server.certificate();
    cert.verify(pki.caCertificate().getPublicKey());
    assertThat(sans(cert))
        .containsExactlyInAnyOrder(
            List.of(2, "localhost"), List.of(2, "cp.example"), List.of(7, "127.0.0.1"));
    assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    assertThat(cert.getBasicConstraints()).isEqualTo(-1);
    assertThat(server.issuer()).isEqualTo(pki.caCertificate());
  }

  @Test
  void clientCertificateCarriesUriSans() throws Exception {
    IssuedCertificate client =
        pki.issueClient(List.of("spiffe://default/backend", "kuma://version/v1"));
    assertThat(sans(client.certificate()))
        .containsExactly(List.of(6, "spiffe://default/backend"), List.of(6, "kuma://version/v1"));
    assertThat(client.certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
  }

  @Test
  void validityFollowsTheInjectedClock() throws Exception {
    IssuedCertificate expired =
        pki.issue(
            CertificateRequest.server(List.of("localhost"), List.of())
                .withValidity(Duration.ofDays(-2), Duration.ofDays(1)));
    assertThat(expired.certificate().getNotAfter().toInstant())
        .isEqualTo(NOW.minus(Duration.ofDays(1)));
    IssuedCertificate fresh = pki.issueServer(List.of("localhost"), List.of());
    fresh.certificate().checkValidity(java.util.Date.from(NOW));
  }

  @Test
  void serialNumbersAreDistinct() {
    IssuedCertificate first = pki.issueServer(List.of("a"), List.of());
    IssuedCertificate second = pki.issueServer(List.of("b"), List.of());
    assertThat(first.certificate().getSerialNumber())
        .isNotEqualTo(second.certificate().getSerialNumber());
  }

  @Test
  void pemFilesAreReadableByTheJdk(@TempDir Path dir) throws Exception {
    IssuedCertificate server = pki.issueServer(List.of("localhost"), List.of("127.0.0.1"));
    IssuedCertificate.PemFiles files = server.writeTo(dir, "server");
    Path ca = pki.writeCaCertificate(dir.resolve("nested/ca.crt"));

    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    try (InputStream in = Files.newInputStream(files.certificate())) {
      assertThat(factory.generateCertificate(in)).isEqualTo(server.certificate());
    }
    try (InputStream in = Files.newInputStream(ca)) {
      assertThat(factory.generateCertificate(in)).isEqualTo(pki.caCertificate());
    }
    try (InputStream in = Files.newInputStream(files.issuer())) {
      assertThat(factory.generateCertificate(in)).isEqualTo(pki.caCertificate());
    }
    assertThat(Files.readString(files.privateKey())).startsWith("-----BEGIN PRIVATE KEY-----");
  }

  private static List<List<?>> sans(X509Certificate cert) throws Exception {
    Collection<List<?>> names = cert.getSubjectAlternativeNames();
    return names == null ? List.of() : new ArrayList<>(names);
  }
}
