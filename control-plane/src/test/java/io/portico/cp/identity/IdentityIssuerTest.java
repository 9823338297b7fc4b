package io.portico.cp.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.cp.TestCas;
import io.portico.cp.ca.MeshCa;
import io.portico.cp.pem.Pem;
import io.portico.mesh.api.mesh.MeshSpec;
import io.portico.proxy.api.v1.Identity;
import java.security.KeyFactory;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Dataplane certificates (spec/core.md §1.2): contents, lifetime, chain. */
class IdentityIssuerTest {
  static final Instant NOW = Instant.parse("2024-01-02T10:00:00Z");
  static final TestCas.Material CA = TestCas.ca("root");
  static final List<String> URIS =
      List.of("spiffe://demo/web", "kuma://kuma.io/service/web", "kuma://version/v1");

  static MeshCa meshCa() {
    return new MeshCa(
        "demo", "ca-1", "provided", List.of(CA.certificate()), Pem.privateKey(CA.keyPem()));
  }

  static MeshSpec.CertificateAuthorityBackend backend(String expiration) {
    return new MeshSpec.CertificateAuthorityBackend(
        "ca-1",
        "builtin",
        null,
        new MeshSpec.DpCert(new MeshSpec.Rotation(expiration), null),
        null,
        null);
  }

  @Test
  void leafHasEmptySubjectUrisUsagesAndLifetime() throws Exception {
    IdentityIssuer issuer = new IdentityIssuer(Clock.fixed(NOW, ZoneOffset.UTC));

    DataplaneIdentity identity =
        issuer.issue(meshCa(), URIS, Duration.ofHours(2), List.of(CA.certPem()), "inputs");

    List<X509Certificate> chain = Pem.certificates(identity.certificateChainPem());
    assertThat(chain).hasSize(2);
    assertThat(chain.get(1)).isEqualTo(CA.certificate());
    X509Certificate leaf = chain.get(0);
    assertThat(leaf.getSubjectX500Principal().getName()).isEmpty();
    assertThat(leaf.getIssuerX500Principal()).isEqualTo(CA.certificate().getSubjectX500Principal());
    assertThat(leaf.getSubjectAlternativeNames())
        .containsExactly(List.of(6, URIS.get(0)), List.of(6, URIS.get(1)), List.of(6, URIS.get(2)));
    assertThat(leaf.getCriticalExtensionOIDs()).contains("2.5.29.17");
    assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
    assertThat(leaf.getKeyUsage()[0]).as("digitalSignature").isTrue();
    assertThat(leaf.getKeyUsage()[4]).as("keyAgreement").isTrue();
    assertThat(leaf.getKeyUsage()[5]).as("keyCertSign").isFalse();
    assertThat(leaf.getExtendedKeyUsage())
        .containsExactly("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
    assertThat(leaf.getNotBefore().toInstant()).isEqualTo(NOW.minusSeconds(10));
    assertThat(leaf.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofHours(2)));
    assertThat(leaf.getSerialNumber().signum()).isPositive();
    assertThat(leaf.getPublicKey().getAlgorithm()).isEqualTo("EC");
    assertThat(identity.issuedAt()).isEqualTo(NOW);
    assertThat(identity.rotateAt()).isEqualTo(NOW.plus(Duration.ofMinutes(96)));

    PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(CA.certificate(), null)));
    params.setRevocationEnabled(false);
    params.setDate(Date.from(NOW));
    CertPathValidator.getInstance("PKIX")
        .validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf)), params);

    assertThat(identity.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----");
    String base64 =
        identity
            .privateKeyPem()
            .replace("-----BEGIN PRIVATE KEY-----", "")
            .replace("-----END PRIVATE KEY-----", "")
            .replaceAll("\\s", "");
    var key =
        KeyFactory.getInstance("EC")
            .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    assertThat(Pem.isPair(key, leaf.getPublicKey())).isTrue();
    assertThat(identity.toString()).doesNotContain("PRIVATE");

    Identity proto = identity.toProto();
    assertThat(proto.getUrisList()).isEqualTo(URIS);
    assertThat(proto.getTrustedCaPemList()).containsExactly(CA.certPem());
    assertThat(proto.getCertificateChainPem()).isEqualTo(identity.certificateChainPem());
  }

  @Test
  void lifetimeComesFromTheBackendWith24HoursByDefault() {
    assertThat(IdentityIssuer.lifetime(backend("10s"))).isEqualTo(Duration.ofSeconds(10));
    assertThat(IdentityIssuer.lifetime(backend("1d"))).isEqualTo(Duration.ofDays(1));
    assertThat(IdentityIssuer.lifetime(backend(""))).isEqualTo(Duration.ofHours(24));
    assertThat(IdentityIssuer.lifetime(backend("0"))).isEqualTo(Duration.ofHours(24));
    assertThat(
            IdentityIssuer.lifetime(
                new MeshSpec.CertificateAuthorityBackend(
                    "ca-1", "builtin", null, null, null, null)))
        .isEqualTo(Duration.ofHours(24));
  }

  @Test
  void everyIssuanceHasItsOwnKeyAndSerial() {
    IdentityIssuer issuer = new IdentityIssuer(Clock.fixed(NOW, ZoneOffset.UTC));

    DataplaneIdentity a = issuer.issue(meshCa(), URIS, Duration.ofHours(1), List.of(), "x");
    DataplaneIdentity b = issuer.issue(meshCa(), URIS, Duration.ofHours(1), List.of(), "x");

    assertThat(a.privateKeyPem()).isNotEqualTo(b.privateKeyPem());
    assertThat(Pem.certificates(a.certificateChainPem()).get(0).getSerialNumber())
        .isNotEqualTo(Pem.certificates(b.certificateChainPem()).get(0).getSerialNumber());
  }
}
