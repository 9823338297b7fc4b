package io.portico.cp;

import io.portico.cp.pem.Pem;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Certificates for CA tests: self-signed EC P-256 certificates with chosen CA flags and usages. */
public final class TestCas {
  /** A certificate and its key, as PEM. */
  public record Material(String certPem, String keyPem, X509Certificate certificate) {
    public String certBase64() {
      return Base64.getEncoder().encodeToString(certPem.getBytes());
    }

    public String keyBase64() {
      return Base64.getEncoder().encodeToString(keyPem.getBytes());
    }
  }

  private TestCas() {}

  /** A proper CA: CA:true, keyCertSign and cRLSign. */
  public static Material ca(String cn) {
    return certificate(cn, true, KeyUsage.keyCertSign | KeyUsage.cRLSign);
  }

  /**
   * A self-signed certificate.
   *
   * @param isCa the BasicConstraints CA flag
   * @param keyUsage BouncyCastle {@link KeyUsage} bits; 0 for no KeyUsage extension
   */
  public static Material certificate(String cn, boolean isCa, int keyUsage) {
    try {
      KeyPair pair = ecKey();
      X500Name name = new X500Name("CN=" + cn);
      Instant now = Instant.now();
      JcaX509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              name,
              BigInteger.valueOf(now.toEpochMilli()),
              Date.from(now.minus(Duration.ofMinutes(1))),
              Date.from(now.plus(Duration.ofDays(365))),
              name,
              pair.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
      if (keyUsage != 0) {
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
      }
      X509Certificate cert =
          new JcaX509CertificateConverter()
              .getCertificate(
                  builder.build(
                      new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
      return new Material(Pem.of(List.of(cert)), Pem.pkcs8(pair.getPrivate()), cert);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static KeyPair ecKey() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
