package io.portico.proxy.tls;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A certificate chain (leaf first) with the private key of its leaf: a server certificate of an
 * HTTPS listener or the proxy's mesh identity. Compared by the fingerprint of the chain, so two
 * configs with the same material compare equal.
 */
public final class CertificateChain {
  private final List<X509Certificate> certificates;
  private final PrivateKey privateKey;
  private final String fingerprint;

  private CertificateChain(List<X509Certificate> certificates, PrivateKey privateKey) {
    this.certificates = List.copyOf(certificates);
    this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
    this.fingerprint = Fingerprints.of(this.certificates);
  }

  /**
   * Parses and checks a chain: every certificate parses, the key parses and belongs to the leaf, no
   * certificate of the chain has expired at {@code now}.
   *
   * @throws TlsMaterialException naming which part is wrong: its message starts with {@code
   *     certificate_chain_pem: } or {@code private_key_pem: }
   */
  public static CertificateChain parse(String chainPem, String keyPem, Instant now)
      throws TlsMaterialException {
    List<X509Certificate> certificates;
    try {
      certificates = Pem.certificates(chainPem);
    } catch (TlsMaterialException e) {
      throw new TlsMaterialException("certificate_chain_pem: " + e.getMessage());
    }
    for (int i = 0; i < certificates.size(); i++) {
      X509Certificate certificate = certificates.get(i);
      if (certificate.getNotAfter().toInstant().isBefore(now)) {
        throw new TlsMaterialException(
            "certificate_chain_pem: certificate "
                + i
                + " ("
                + certificate.getSubjectX500Principal().getName()
                + ") expired at "
                + certificate.getNotAfter().toInstant());
      }
    }
    PrivateKey key;
    try {
      key = Pem.privateKey(keyPem);
    } catch (TlsMaterialException e) {
      throw new TlsMaterialException("private_key_pem: " + e.getMessage());
    }
    if (!belongsTo(key, certificates.get(0).getPublicKey())) {
      throw new TlsMaterialException(
          "private_key_pem: the "
              + key.getAlgorithm()
              + " key does not match the public key of the first certificate ("
              + certificates.get(0).getPublicKey().getAlgorithm()
              + ")");
    }
    return new CertificateChain(certificates, key);
  }

  private static boolean belongsTo(PrivateKey key, PublicKey publicKey) {
    if (key instanceof RSAPrivateCrtKey rsa) {
      return publicKey instanceof RSAPublicKey rsaPublic
          && rsa.getModulus().equals(rsaPublic.getModulus())
          && rsa.getPublicExponent().equals(rsaPublic.getPublicExponent());
    }
    String algorithm =
        switch (key.getAlgorithm()) {
          case "EC" -> "SHA256withECDSA";
          case "RSA" -> "SHA256withRSA";
          case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
          default -> null;
        };
    if (algorithm == null || !key.getAlgorithm().equals(publicKey.getAlgorithm())) {
      return false;
    }
    try {
      byte[] probe = "portico key check".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** Leaf first. */
  public List<X509Certificate> certificates() {
    return certificates;
  }

  public X509Certificate leaf() {
    return certificates.get(0);
  }

  public PrivateKey privateKey() {
    return privateKey;
  }

  /** SHA-256 over the DER of every certificate: equal material, equal fingerprint. */
  public String fingerprint() {
    return fingerprint;
  }

  /** {@code RSA}, {@code EC}, ...: a host may have one chain per key algorithm. */
  public String keyAlgorithm() {
    return leaf().getPublicKey().getAlgorithm();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CertificateChain other && fingerprint.equals(other.fingerprint);
  }

  @Override
  public int hashCode() {
    return fingerprint.hashCode();
  }

  @Override
  public String toString() {
    return "CertificateChain[" + leaf().getSerialNumber().toString(16) + ", " + fingerprint + "]";
  }
}
