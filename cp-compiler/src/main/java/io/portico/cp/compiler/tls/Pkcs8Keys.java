package io.portico.cp.compiler.tls;

import java.io.IOException;
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
    try {
      return switch (type) {
        case "PRIVATE KEY" -> PrivateKeyInfo.getInstance(der).getEncoded();
        case "RSA PRIVATE KEY" ->
            new PrivateKeyInfo(
                    new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                    RSAPrivateKey.getInstance(der))
                .getEncoded();
        case "EC PRIVATE KEY" -> sec1(der, certificate);
        case "ENCRYPTED PRIVATE KEY" ->
            throw new IllegalArgumentException("private key is encrypted, which is not supported");
        default ->
            throw new IllegalArgumentException(
                "private key of type \"" + type + "\" is not supported (only RSA and ECDSA)");
      };
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException known
          && known.getCause() == null
          && known.getMessage() != null
          && known.getMessage().startsWith("private key")) {
        throw known;
      }
      throw new IllegalArgumentException(
          "private key \"" + type + "\" is not valid DER: " + e.getMessage(), e);
    }
  }

  private static byte[] sec1(byte[] der, byte[] certificate) throws IOException {
    ECPrivateKey key = ECPrivateKey.getInstance(der);
    ASN1Encodable curve = key.getParametersObject();
    if (curve == null) {
      curve =
          Certificate.getInstance(certificate)
              .getSubjectPublicKeyInfo()
              .getAlgorithm()
              .getParameters();
    }
    if (curve == null) {
      throw new IllegalArgumentException("private key \"EC PRIVATE KEY\" does not name its curve");
    }
    return new PrivateKeyInfo(
            new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, curve), key)
        .getEncoded();
  }
}
