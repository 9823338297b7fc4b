package io.portico.proxy.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;

/** SHA-256 fingerprints of certificates, the identity of TLS material in keys and comparisons. */
final class Fingerprints {
  private Fingerprints() {}

  static String of(List<X509Certificate> certificates) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (X509Certificate certificate : certificates) {
        digest.update(certificate.getEncoded());
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("certificate cannot be encoded", e);
    }
  }
}
