package io.portico.proxy.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.testing.pki.CertificateRequest;
import io.portico.testing.pki.IssuedCertificate;
import io.portico.testing.pki.TestPki;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;

/** PEM reading and the checks of a certificate chain with its key. */
class CertificateChainTest {
  private static final TestPki PKI = TestPki.create();
  private static final IssuedCertificate EC = PKI.issueServer(List.of("a.example.com"), List.of());
  private static final IssuedCertificate RSA =
      PKI.issue(CertificateRequest.server(List.of("b.example.com"), List.of()), "RSA");

  /** What BouncyCastle writes for a JCA key: PKCS#1 for RSA, SEC1 for EC. */
  private static String traditionalPem(java.security.PrivateKey key) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(key);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  @Test
  void pkcs8KeysAreRead() throws Exception {
    CertificateChain chain =
        CertificateChain.parse(EC.certificatePem(), EC.privateKeyPem(), Instant.now());
    assertThat(chain.keyAlgorithm()).isEqualTo("EC");
    assertThat(chain.leaf()).isEqualTo(EC.certificate());
  }

  /** The control plane sends PKCS#8 only (PemBundle converts what users write). */
  @Test
  void pkcs1AndSec1KeysAreRefusedNamingPkcs8() {
    String pkcs1 = traditionalPem(RSA.privateKey());
    assertThat(pkcs1).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    assertThatThrownBy(() -> CertificateChain.parse(RSA.certificatePem(), pkcs1, Instant.now()))
        .isInstanceOf(TlsMaterialException.class)
        .hasMessage(
            "private_key_pem: expected a PKCS#8 PEM PRIVATE KEY block (the control plane sends"
                + " keys so), found RSA PRIVATE KEY");
    String sec1 = traditionalPem(EC.privateKey());
    assertThat(sec1).startsWith("-----BEGIN EC PRIVATE KEY-----");
    assertThatThrownBy(() -> CertificateChain.parse(EC.certificatePem(), sec1, Instant.now()))
        .hasMessageEndingWith("found EC PRIVATE KEY");
  }

  @Test
  void aPemBlockWithoutItsEndLineIsRefused() {
    String cut = "-----BEGIN PRIVATE KEY-----\nAAAA\n";
    assertThatThrownBy(() -> CertificateChain.parse(EC.certificatePem(), cut, Instant.now()))
        .isInstanceOf(TlsMaterialException.class)
        .hasMessage("private_key_pem: the text has a PEM block without its END line");
  }

  @Test
  void chainsCompareByFingerprint() throws Exception {
    CertificateChain one =
        CertificateChain.parse(EC.certificatePem(), EC.privateKeyPem(), Instant.now());
    CertificateChain same =
        CertificateChain.parse(EC.certificatePem(), EC.privateKeyPem(), Instant.now());
    CertificateChain other =
        CertificateChain.parse(RSA.certificatePem(), RSA.privateKeyPem(), Instant.now());
    assertThat(one).isEqualTo(same).hasSameHashCodeAs(same).isNotEqualTo(other);
  }

  @Test
  void textWithoutCertificateIsRejected() {
    assertThatThrownBy(() -> CertificateChain.parse("not a pem", EC.privateKeyPem(), Instant.now()))
        .isInstanceOf(TlsMaterialException.class)
        .hasMessage("certificate_chain_pem: expected PEM CERTIFICATE blocks, found none");
  }

  @Test
  void corruptCertificateIsRejected() {
    String corrupt = "-----BEGIN CERTIFICATE-----\nMIIBkTCB+wIJAKHHIG\n-----END CERTIFICATE-----\n";
    assertThatThrownBy(() -> CertificateChain.parse(corrupt, EC.privateKeyPem(), Instant.now()))
        .isInstanceOf(TlsMaterialException.class)
        .hasMessageStartingWith(
            "certificate_chain_pem: PEM CERTIFICATE block 0 is not an X.509 certificate");
  }

  @Test
  void keyOfAnotherCertificateIsRejected() {
    IssuedCertificate other = PKI.issueServer(List.of("c.example.com"), List.of());
    assertThatThrownBy(
            () -> CertificateChain.parse(EC.certificatePem(), other.privateKeyPem(), Instant.now()))
        .isInstanceOf(TlsMaterialException.class)
        .hasMessage(
            "private_key_pem: the EC key does not match the public key of the first certificate"
                + " (EC)");
  }

  @Test
  void rsaKeyForAnEcCertificateIsRejected() {
    assertThatThrownBy(
            () -> CertificateChain.parse(EC.certificatePem(), RSA.privateKeyPem(), Instant.now()))
        .hasMessageStartingWith("private_key_pem: the RSA key does not match");
  }

  @Test
  void encryptedKeyIsRejected() {
    String encrypted =
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n";
    assertThatThrownBy(() -> CertificateChain.parse(EC.certificatePem(), encrypted, Instant.now()))
        .hasMessage("private_key_pem: encrypted private keys are not supported");
  }

  @Test
  void expiredChainIsRejected() {
    IssuedCertificate expired =
        PKI.issue(
            CertificateRequest.server(List.of("old.example.com"), List.of())
                .withValidity(Duration.ofDays(-10), Duration.ofDays(1)));
    assertThatThrownBy(
            () ->
                CertificateChain.parse(
                    expired.certificatePem(), expired.privateKeyPem(), Instant.now()))
        .hasMessageContaining("certificate_chain_pem: certificate 0 (")
        .hasMessageContaining(") expired at ");
  }

  @Test
  void uriSansAreRead() {
    IssuedCertificate identity =
        PKI.issueClient(List.of("spiffe://default/web", "kuma://version/v2"));
    assertThat(CertificateUris.of(identity.certificate()))
        .containsExactly("spiffe://default/web", "kuma://version/v2");
    assertThat(CertificateUris.of(EC.certificate())).isEmpty();
  }

  @Test
  void trustAnchorsReadEveryCertificateOfEveryBundle() throws Exception {
    TestPki other = TestPki.create();
    TrustAnchors anchors =
        TrustAnchors.parse(
            List.of(PKI.caCertificatePem() + other.caCertificatePem(), PKI.caCertificatePem()));
    assertThat(anchors.certificates()).containsExactly(PKI.caCertificate(), other.caCertificate());
  }

  @Test
  void badTrustBundleNamesItsIndex() {
    assertThatThrownBy(() -> TrustAnchors.parse(List.of(PKI.caCertificatePem(), "junk")))
        .hasMessage("[1]: expected PEM CERTIFICATE blocks, found none");
  }
}
