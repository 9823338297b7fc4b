package io.portico.testing.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority for tests: EC P-256 keys, SHA-256 with ECDSA signatures, serial numbers
 * counting from 1. Validity windows are relative to the injected clock.
 *
 * <pre>{@code
 * TestPki pki = TestPki.create();
 * IssuedCertificate server = pki.issueServer(List.of("localhost"), List.of("127.0.0.1"));
 * IssuedCertificate client = pki.issueClient(List.of("spiffe://default/backend"));
 * Path ca = pki.writeCaCertificate(dir.resolve("ca.crt"));
 * }</pre>
 */
public final class TestPki {
  private final Clock clock;
  private final KeyPair caKeys;
  private final X509Certificate caCertificate;
  private long nextSerial = 1;

  private TestPki(Clock clock, String caName) {
    this.clock = clock;
    this.caKeys = newKeyPair();
    X500Name subject = name(caName);
    Instant now = clock.instant();
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  subject,
                  BigInteger.valueOf(nextSerial++),
                  Date.from(now.minus(Duration.ofHours(1))),
                  Date.from(now.plus(Duration.ofDays(365))),
                  subject,
                  caKeys.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
              .addExtension(
                  Extension.keyUsage,
                  true,
                  new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  extensions.createSubjectKeyIdentifier(caKeys.getPublic()));
      this.caCertificate = sign(builder);
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot create the test CA " + caName, e);
    }
  }

  /** A CA named "Portico Test CA" on the system clock. */
  public static TestPki create() {
    return create(Clock.systemUTC(), "Portico Test CA");
  }

  /** A CA with the given subject common name whose validity windows follow {@code clock}. */
  public static TestPki create(Clock clock, String caName) {
    return new TestPki(clock, caName);
  }

  /** The CA certificate (self-signed). */
  public X509Certificate caCertificate() {
    return caCertificate;
  }

  /** The CA certificate as PEM. */
  public String caCertificatePem() {
    return IssuedCertificate.pem(List.of(caCertificate));
  }

  /** Writes the CA certificate as PEM to {@code file}, creating parent directories. */
  public Path writeCaCertificate(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, caCertificatePem(), StandardCharsets.US_ASCII);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the CA certificate to " + file, e);
    }
  }

  /** A server certificate for the given DNS names and IP addresses. */
  public IssuedCertificate issueServer(List<String> dnsNames, List<String> ipAddresses) {
    return issue(CertificateRequest.server(dnsNames, ipAddresses));
  }

  /** A client certificate whose URI SANs are {@code uris} (e.g. spiffe://mesh/service). */
  public IssuedCertificate issueClient(List<String> uris) {
    return issue(CertificateRequest.client(uris));
  }

  /** A certificate as described by {@code request}, signed by this CA (EC P-256 key). */
  public IssuedCertificate issue(CertificateRequest request) {
    return issue(request, "EC");
  }

  /**
   * A certificate as described by {@code request} with a key of {@code keyAlgorithm}: {@code EC}
   * (P-256) or {@code RSA} (2048 bits), signed by this CA.
   */
  public synchronized IssuedCertificate issue(CertificateRequest request, String keyAlgorithm) {
    KeyPair keys =
        switch (keyAlgorithm) {
          case "EC" -> newKeyPair();
          case "RSA" -> newRsaKeyPair();
          default ->
              throw new IllegalArgumentException(
                  "key algorithm " + keyAlgorithm + ": expected EC or RSA");
        };
    Instant notBefore = clock.instant().plus(request.notBeforeOffset());
    Instant notAfter = notBefore.plus(request.validity());
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  caCertificate,
                  BigInteger.valueOf(nextSerial++),
                  Date.from(notBefore),
                  Date.from(notAfter),
                  name(request.commonName()),
                  keys.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
              .addExtension(
                  Extension.keyUsage,
                  true,
                  new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement))
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  extensions.createSubjectKeyIdentifier(keys.getPublic()))
              .addExtension(
                  Extension.authorityKeyIdentifier,
                  false,
                  extensions.createAuthorityKeyIdentifier(caCertificate));
      List<KeyPurposeId> purposes = new ArrayList<>();
      if (request.serverAuth()) {
        purposes.add(KeyPurposeId.id_kp_serverAuth);
      }
      if (request.clientAuth()) {
        purposes.add(KeyPurposeId.id_kp_clientAuth);
      }
      if (!purposes.isEmpty()) {
        builder.addExtension(
            Extension.extendedKeyUsage,
            false,
            new ExtendedKeyUsage(purposes.toArray(KeyPurposeId[]::new)));
      }
      List<GeneralName> sans = new ArrayList<>();
      request.dnsNames().forEach(dns -> sans.add(new GeneralName(GeneralName.dNSName, dns)));
      request.ipAddresses().forEach(ip -> sans.add(new GeneralName(GeneralName.iPAddress, ip)));
      request
          .uris()
          .forEach(uri -> sans.add(new GeneralName(GeneralName.uniformResourceIdentifier, uri)));
      if (!sans.isEmpty()) {
        builder.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(sans.toArray(GeneralName[]::new)));
      }
      return new IssuedCertificate(sign(builder), keys.getPrivate(), caCertificate);
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot issue a certificate for " + request, e);
    }
  }

  private X509Certificate sign(X509v3CertificateBuilder builder) throws GeneralSecurityException {
    try {
      ContentSigner signer =
          new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate());
      return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException("cannot sign with the test CA key", e);
    }
  }

  private static X500Name name(String commonName) {
    return new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, "Portico tests")
        .addRDN(BCStyle.CN, commonName)
        .build();
  }

  private static KeyPair newRsaKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RSA key generation is not available", e);
    }
  }

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("EC P-256 key generation is not available", e);
    }
  }
}
