package io.portico.cp.ca;

import io.portico.cp.pem.Pem;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.IntFunction;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Generates the self-signed root of a {@code builtin} CA backend (spec/core.md §1.2): an RSA key of
 * {@code caCert.RSAbits}, Subject {@code O=Portico, OU=Mesh, CN=<mesh>}, one URI SAN {@code
 * spiffe://<mesh>}, CA:true, keyCertSign and cRLSign, a random positive serial, NotBefore now − 10
 * s (clock skew), NotAfter now + {@code caCert.expiration}.
 *
 * <p>Kuma's subject says {@code O=Kuma} and its serial is 0; Portico names itself and uses a random
 * serial, so that two CAs of the same mesh (regenerated after a delete) are told apart.
 */
public final class BuiltinCaGenerator {
  /** Clock-skew allowance before "now" (Kuma's {@code DefaultAllowedClockSkew}). */
  public static final Duration CLOCK_SKEW = Duration.ofSeconds(10);

  /** A generated CA: its certificate and key as PEM text. */
  public record GeneratedCa(String certificatePem, String keyPem) {
    @Override
    public String toString() {
      return "GeneratedCa[certificatePem=" + certificatePem.length() + " chars, keyPem=<hidden>]";
    }
  }

  private final Clock clock;
  private final IntFunction<KeyPair> rsaKeys;
  private final SecureRandom random = new SecureRandom();

  /**
   * @param clock the time of NotBefore and NotAfter
   * @param rsaKeys makes an RSA key pair of the given size (tests reuse a few)
   */
  public BuiltinCaGenerator(Clock clock, IntFunction<KeyPair> rsaKeys) {
    this.clock = clock;
    this.rsaKeys = rsaKeys;
  }

  /** A new CA for {@code mesh}: a new key and its certificate. */
  public GeneratedCa generate(String mesh, BuiltinCaConf conf) {
    KeyPair pair = newKey(conf);
    return new GeneratedCa(certificate(mesh, conf, pair), Pem.traditional(pair.getPrivate()));
  }

  /** A new RSA key of {@code caCert.RSAbits}. */
  public KeyPair newKey(BuiltinCaConf conf) {
    return rsaKeys.apply(conf.rsaBits());
  }

  /** The PEM of a new self-signed CA certificate of {@code mesh} for an existing key. */
  public String certificate(String mesh, BuiltinCaConf conf, KeyPair pair) {
    Instant now = clock.instant();
    X500Name subject =
        new X500NameBuilder(BCStyle.INSTANCE)
            .addRDN(BCStyle.O, "Portico")
            .addRDN(BCStyle.OU, "Mesh")
            .addRDN(BCStyle.CN, mesh)
            .build();
    try {
      JcaX509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              subject,
              new BigInteger(127, random).add(BigInteger.ONE),
              Date.from(now.minus(CLOCK_SKEW)),
              Date.from(now.plus(conf.expiration())),
              subject,
              pair.getPublic());
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      builder.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      builder.addExtension(
          Extension.subjectKeyIdentifier,
          false,
          extensions.createSubjectKeyIdentifier(pair.getPublic()));
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(
              new GeneralName(GeneralName.uniformResourceIdentifier, "spiffe://" + mesh)));
      X509CertificateHolder holder =
          builder.build(
              new JcaContentSignerBuilder(Pem.signatureAlgorithm(pair.getPrivate()))
                  .build(pair.getPrivate()));
      X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(holder);
      return Pem.of(List.of(certificate));
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException(
          "cannot generate the CA of mesh " + mesh + ": " + e.getMessage(), e);
    }
  }
}
