package io.portico.cp.identity;

import io.portico.cp.ca.MeshCa;
import io.portico.cp.pem.Pem;
import io.portico.mesh.api.mesh.KumaDurations;
import io.portico.mesh.api.mesh.MeshSpec.CertificateAuthorityBackend;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Issues dataplane certificates (spec/core.md §1.2, Kuma's {@code NewWorkloadCert}): a new EC P-256
 * key per certificate (Kuma uses RSA-2048; see docs/adr/0008), an empty subject with the URIs as a
 * critical SAN, a random positive 128-bit serial, NotBefore now − 10 s, NotAfter now + the
 * backend's {@code dpCert.rotation.expiration} (24 h when unset), keyUsage digitalSignature and
 * keyAgreement (keyEncipherment is not allowed with EC keys, RFC 5480 §3), extKeyUsage serverAuth
 * and clientAuth, CA:false, signed by the mesh CA.
 */
public final class IdentityIssuer {
  /** The default lifetime of a dataplane certificate (Kuma's code; its 2.0 docs say 30 days). */
  public static final Duration DEFAULT_LIFETIME = Duration.ofHours(24);

  private static final Duration CLOCK_SKEW = Duration.ofSeconds(10);

  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public IdentityIssuer(Clock clock) {
    this.clock = clock;
  }

  /**
   * The lifetime of certificates issued by {@code backend}: its {@code dpCert.rotation.expiration}
   * (a Kuma duration), or 24 h when unset or zero.
   */
  public static Duration lifetime(CertificateAuthorityBackend backend) {
    if (backend.dpCert() == null
        || backend.dpCert().rotation() == null
        || backend.dpCert().rotation().expiration().isEmpty()) {
      return DEFAULT_LIFETIME;
    }
    Duration parsed = KumaDurations.parse(backend.dpCert().rotation().expiration());
    return parsed.isZero() || parsed.isNegative() ? DEFAULT_LIFETIME : parsed;
  }

  /**
   * A new identity.
   *
   * @param ca the enabled backend's signing material
   * @param uris the URI SANs, in order ({@link IdentityUris})
   * @param lifetime from now to NotAfter
   * @param trustedCaPems what the proxy trusts, enabled backend first
   * @param inputs what the identity was issued from (see {@link DataplaneIdentity#inputs})
   * @throws IllegalStateException when the JVM cannot make the key or the signature
   */
  public DataplaneIdentity issue(
      MeshCa ca, List<String> uris, Duration lifetime, List<String> trustedCaPems, String inputs) {
    Instant now = clock.instant();
    Instant notAfter = now.plus(lifetime);
    try {
      KeyPair pair = newKey();
      JcaX509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              ca.certificate(),
              new BigInteger(128, random).add(BigInteger.ONE),
              Date.from(now.minus(CLOCK_SKEW)),
              Date.from(notAfter),
              new X500Name(new org.bouncycastle.asn1.x500.RDN[0]),
              pair.getPublic());
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
      builder.addExtension(
          Extension.extendedKeyUsage,
          false,
          new ExtendedKeyUsage(
              new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
      builder.addExtension(
          Extension.subjectKeyIdentifier,
          false,
          extensions.createSubjectKeyIdentifier(pair.getPublic()));
      builder.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          extensions.createAuthorityKeyIdentifier(ca.certificate().getPublicKey()));
      GeneralName[] names = new GeneralName[uris.size()];
      for (int i = 0; i < names.length; i++) {
        names[i] = new GeneralName(GeneralName.uniformResourceIdentifier, uris.get(i));
      }
      // An empty subject makes the SAN extension critical (RFC 5280 §4.2.1.6).
      builder.addExtension(Extension.subjectAlternativeName, true, new GeneralNames(names));
      X509CertificateHolder holder =
          builder.build(
              new JcaContentSignerBuilder(Pem.signatureAlgorithm(ca.key())).build(ca.key()));
      X509Certificate leaf = new JcaX509CertificateConverter().getCertificate(holder);
      List<X509Certificate> chain = new ArrayList<>();
      chain.add(leaf);
      chain.addAll(ca.chain());
      return new DataplaneIdentity(
          ca.mesh(),
          ca.backend(),
          Pem.of(chain),
          Pem.pkcs8(pair.getPrivate()),
          trustedCaPems,
          uris,
          now,
          notAfter,
          inputs);
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException(
          "cannot issue a certificate with " + ca + ": " + e.getMessage(), e);
    }
  }

  private static KeyPair newKey() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }
}
