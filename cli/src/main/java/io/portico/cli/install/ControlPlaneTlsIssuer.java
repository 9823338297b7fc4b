package io.portico.cli.install;

import io.portico.cli.context.CliException;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
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
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Issues the control plane's TLS material as Kuma's chart does ({@code genCA "kuma-ca"}, {@code
 * genSignedCert}): a new CA {@code CN=kuma-ca} and a server certificate {@code CN=<service>} with
 * the DNS names {@code <service>.<namespace>} and {@code <service>.<namespace>.svc}, both RSA-2048,
 * SHA-256, valid 10 years. The server certificate serves and authenticates clients ({@code
 * serverAuth}, {@code clientAuth}). Validity starts one hour before {@code now} so that a cluster
 * whose clock is a little behind accepts it at once.
 */
final class ControlPlaneTlsIssuer {
  static final Duration VALIDITY = Duration.ofDays(3650);
  static final Duration BACKDATE = Duration.ofHours(1);
  static final String CA_NAME = "kuma-ca";

  private final SecureRandom random;

  ControlPlaneTlsIssuer(SecureRandom random) {
    this.random = random;
  }

  /** The DNS names of the control plane's Service, in the server certificate's order. */
  static List<String> hostnames(String serviceName, String namespace) {
    return List.of(serviceName + "." + namespace, serviceName + "." + namespace + ".svc");
  }

  ControlPlaneTls issue(String serviceName, String namespace, Instant now) {
    try {
      KeyPair caKeys = rsaKeys();
      X500Name caName = name(CA_NAME);
      Date notBefore = Date.from(now.minus(BACKDATE));
      Date notAfter = Date.from(now.plus(VALIDITY));
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();

      X509v3CertificateBuilder ca =
          new JcaX509v3CertificateBuilder(
              caName, serial(), notBefore, notAfter, caName, caKeys.getPublic());
      ca.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      ca.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
      ca.addExtension(
          Extension.subjectKeyIdentifier,
          false,
          extensions.createSubjectKeyIdentifier(caKeys.getPublic()));
      X509Certificate caCert = sign(ca, caKeys);

      KeyPair serverKeys = rsaKeys();
      X509v3CertificateBuilder server =
          new JcaX509v3CertificateBuilder(
              caCert, serial(), notBefore, notAfter, name(serviceName), serverKeys.getPublic());
      server.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      server.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      server.addExtension(
          Extension.extendedKeyUsage,
          false,
          new ExtendedKeyUsage(
              new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
      server.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(
              hostnames(serviceName, namespace).stream()
                  .map(host -> new GeneralName(GeneralName.dNSName, host))
                  .toArray(GeneralName[]::new)));
      server.addExtension(
          Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(caCert));
      X509Certificate serverCert = sign(server, caKeys);

      return new ControlPlaneTls(
          pem(caCert), pem(serverCert), pem(new JcaPKCS8Generator(serverKeys.getPrivate(), null)));
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new CliException("could not issue the control plane's certificate: " + e, e);
    }
  }

  private KeyPair rsaKeys() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048, random);
    return generator.generateKeyPair();
  }

  private BigInteger serial() {
    return new BigInteger(127, random).add(BigInteger.ONE);
  }

  private static X500Name name(String commonName) {
    return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuerKeys)
      throws OperatorCreationException, GeneralSecurityException {
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(
                new JcaContentSignerBuilder("SHA256withRSA").build(issuerKeys.getPrivate())));
  }

  private static String pem(Object object) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    }
    return out.toString();
  }
}
