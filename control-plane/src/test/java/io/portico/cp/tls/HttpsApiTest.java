package io.portico.cp.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.cp.ApiClient;
import io.portico.cp.ControlPlane;
import io.portico.cp.FakeRsaKeyPairs;
import io.portico.cp.TestControlPlanes;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API over HTTPS with the generated or the configured certificate (spec/core.md §5, §8). */
class HttpsApiTest {
  static final Map<String, String> HTTPS_ON = Map.of("PORTICO_API_SERVER_HTTPS_ENABLED", "true");

  @TempDir Path workDir;

  static X509Certificate readCert(Path file) throws Exception {
    try (InputStream in = Files.newInputStream(file)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  static HttpClient trusting(X509Certificate cert, String... protocols) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("cp", cert);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    HttpClient.Builder b =
        HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5));
    if (protocols.length > 0) {
      SSLParameters params = new SSLParameters();
      params.setProtocols(protocols);
      b.sslParameters(params);
    }
    return b.build();
  }

  @Test
  void apiIsServedOverHttpsWithTheGeneratedCertificate() throws Exception {
    try (ControlPlane cp = TestControlPlanes.start(workDir, HTTPS_ON)) {
      X509Certificate cert = readCert(workDir.resolve(ServerCertificates.CERT_FILE));
      assertThat(Files.exists(workDir.resolve(ServerCertificates.KEY_FILE))).isTrue();
      HttpClient client = trusting(cert);
      for (String host : List.of("localhost", "127.0.0.1")) {
        ApiClient api =
            new ApiClient(client, "https://" + host + ":" + cp.ports().apiHttps(), null);
        HttpResponse<String> r = api.get("/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(ApiClient.json(r).path("tagline").asText()).isEqualTo("Portico");
      }
      ApiClient api = new ApiClient(client, "https://localhost:" + cp.ports().apiHttps(), null);
      assertThat(api.get("/meshes?size=1").statusCode()).isEqualTo(200);
      assertThat(ApiClient.json(api.get("/meshes?size=1")).path("items").size())
          .isLessThanOrEqualTo(1);
    }
  }

  @Test
  void nextLinkOfAnHttpsListIsHttps() throws Exception {
    try (ControlPlane cp = TestControlPlanes.start(workDir, HTTPS_ON)) {
      HttpClient client = trusting(readCert(workDir.resolve(ServerCertificates.CERT_FILE)));
      ApiClient api = new ApiClient(client, "https://localhost:" + cp.ports().apiHttps(), null);
      api.put("/zones/z1", "{\"type\":\"Zone\",\"name\":\"z1\"}");
      api.put("/zones/z2", "{\"type\":\"Zone\",\"name\":\"z2\"}");
      assertThat(ApiClient.json(api.get("/zones?size=1")).path("next").asText())
          .startsWith("https://localhost:" + cp.ports().apiHttps() + "/zones?");
    }
  }

  @Test
  void generatedCertificateIsReusedOnRestart() throws Exception {
    X509Certificate first;
    try (ControlPlane cp = TestControlPlanes.start(workDir, HTTPS_ON)) {
      first = readCert(workDir.resolve(ServerCertificates.CERT_FILE));
    }
    try (ControlPlane cp = TestControlPlanes.start(workDir, HTTPS_ON)) {
      X509Certificate second = readCert(workDir.resolve(ServerCertificates.CERT_FILE));
      assertThat(second).isEqualTo(first);
      ApiClient api =
          new ApiClient(trusting(first), "https://localhost:" + cp.ports().apiHttps(), null);
      assertThat(api.get("/").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void configuredCertificateIsServed() throws Exception {
    Path certDir = Files.createDirectories(workDir.resolve("certs"));
    ServerCertificates certificates =
        new ServerCertificates(Clock.systemUTC(), new FakeRsaKeyPairs());
    certificates.loadOrGenerate(certDir);
    Map<String, String> env =
        Map.of(
            "PORTICO_API_SERVER_HTTPS_ENABLED", "true",
            "PORTICO_GENERAL_TLS_CERT_FILE", certDir.resolve("portico-cp.crt").toString(),
            "PORTICO_GENERAL_TLS_KEY_FILE", certDir.resolve("portico-cp.key").toString());
    try (ControlPlane cp = TestControlPlanes.start(workDir, env)) {
      assertThat(Files.exists(workDir.resolve(ServerCertificates.CERT_FILE))).isFalse();
      X509Certificate configured = readCert(certDir.resolve("portico-cp.crt"));
      ApiClient api =
          new ApiClient(trusting(configured), "https://localhost:" + cp.ports().apiHttps(), null);
      assertThat(api.get("/").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void tls11IsRefused() throws Exception {
    try (ControlPlane cp = TestControlPlanes.start(workDir, HTTPS_ON)) {
      HttpClient old = trusting(readCert(workDir.resolve(ServerCertificates.CERT_FILE)), "TLSv1.1");
      ApiClient api = new ApiClient(old, "https://localhost:" + cp.ports().apiHttps(), null);
      assertThatThrownBy(() -> api.get("/")).hasRootCauseInstanceOf(SSLHandshakeException.class);
    }
  }

  @Test
  void generatedCertificateNamesLocalhostAndLoopbackAddresses() throws Exception {
    ServerCertificate cert =
        new ServerCertificates(Clock.systemUTC(), new FakeRsaKeyPairs())
            .generate(ServerCertificates.hostNames());
    List<String> sans = new ArrayList<>();
    for (List<?> san : cert.leaf().getSubjectAlternativeNames()) {
      sans.add(String.valueOf(san.get(1)));
    }
    assertThat(sans).contains("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1");
    assertThat(
            Duration.between(
                cert.leaf().getNotBefore().toInstant(), cert.leaf().getNotAfter().toInstant()))
        .isGreaterThanOrEqualTo(Duration.ofDays(3650));
    assertThat(cert.leaf().getBasicConstraints()).isEqualTo(-1);
    assertThat(Set.copyOf(cert.leaf().getExtendedKeyUsage())).contains("1.3.6.1.5.5.7.3.1");
  }

  @Test
  void unreadableConfiguredCertificateNamesTheFile() throws Exception {
    Path bad = Files.writeString(workDir.resolve("bad.crt"), "not a pem");
    ServerCertificates certificates =
        new ServerCertificates(Clock.systemUTC(), new FakeRsaKeyPairs());
    assertThatThrownBy(() -> certificates.load(bad, bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(bad.toString());
  }
}
