package io.portico.cp.compiler.tls;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * A private key in any of the forms users write it (PKCS#8 {@code PRIVATE KEY}, PKCS#1 {@code RSA
 * PRIVATE KEY} as Kuma's builtin CA and {@code openssl genrsa} write it, SEC1 {@code EC PRIVATE
 * KEY} as {@code openssl ecparam -genkey} writes it) as the PKCS#8 DER the proxy reads, with
 * BouncyCastle's ASN.1 types. A SEC1 key that does not name its curve takes its certificate's.
 */
final class Pkcs8Keys {
  private Pkcs8Keys() {}

  /**
   * @param type the PEM block's type
   * @param der the block's DER bytes
   * @param certificate the DER bytes of the key's certificate (for a SEC1 key without curve)
   * @throws IllegalArgumentException naming the key form that is not supported or not valid
   */
  static byte[] of(String type, byte[] der, byte[] certificate) {
    switch (type) {
      case "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY" -> {}
      case "ENCRYPTED PRIVATE KEY" ->
          throw new IllegalArgumentException("private key is encrypted, which is not supported");
      default ->
          throw new IllegalArgumentException(
              "private key of type \"" + type + "\" is not supported (only RSA and ECDSA)");
    }
    PrivateKeyInfo info;
    try {
      info =
          switch (type) {
            case "RSA PRIVATE KEY" ->
                new PrivateKeyInfo(
                    new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                    RSAPrivateKey.getInstance(der));
            case "EC PRIVATE KEY" -> sec1(der, certificate);
            default -> PrivateKeyInfo.getInstance(der);
          };
      if (info == null) {
        throw new IllegalArgumentException("EC PRIVATE KEY does not name its curve");
      }
      return info.getEncoded();
    } catch (Exception e) {
      throw new IllegalArgumentException(
          "private key \"" + type + "\" is not valid: " + e.getMessage(), e);
    }
  }

  /** The SEC1 key as PKCS#8; {@code null} when neither it nor its certificate names a curve. */
  private static PrivateKeyInfo sec1(byte[] der, byte[] certificate) throws Exception {
    ECPrivateKey key = ECPrivateKey.getInstance(der);
    ASN1Encodable curve = key.getParametersObject();
    if (curve == null) {
      curve =
          Certificate.getInstance(certificate)
              .getSubjectPublicKeyInfo()
              .getAlgorithm()
              .getParameters();
    }
    return curve == null
        ? null
        : new PrivateKeyInfo(
            new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, curve), key);
  }
}
