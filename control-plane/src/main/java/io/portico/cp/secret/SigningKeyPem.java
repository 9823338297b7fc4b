package io.portico.cp.secret;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * RSA-2048 signing keys as PEM text, as Kuma keeps token signing keys in secrets (spec/core.md
 * §6.1, §6.3): {@code -----BEGIN RSA PRIVATE KEY-----} (PKCS#1); PKCS#8 is read too.
 */
public final class SigningKeyPem {
  private SigningKeyPem() {}

  /** A new key as PEM bytes, ready to be a secret's data. */
  public static byte[] generatePem(RsaKeyPairs keys) {
    return toPem(keys.generate().getPrivate()).getBytes(StandardCharsets.US_ASCII);
  }

  /** The PEM text of a private key, as OpenSSL writes it. */
  public static String toPem(PrivateKey key) {
    return io.portico.cp.pem.Pem.traditional(key);
  }

  /**
   * Reads an RSA private key from PEM and derives its public half.
   *
   * @throws IllegalArgumentException when the text holds no RSA private key
   */
  public static KeyPair fromPem(String pem) {
    Object parsed;
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      parsed = parser.readObject();
    } catch (IOException e) {
      throw new IllegalArgumentException("malformed PEM: " + e.getMessage(), e);
    }
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    try {
      PrivateKey key;
      if (parsed instanceof PEMKeyPair pair) {
        key = converter.getKeyPair(pair).getPrivate();
      } else if (parsed instanceof PrivateKeyInfo info) {
        key = converter.getPrivateKey(info);
      } else {
        throw new IllegalArgumentException(
            "expected an RSA PRIVATE KEY or PRIVATE KEY PEM block but got "
                + (parsed == null ? "nothing" : parsed.getClass().getSimpleName()));
      }
      if (!(key instanceof RSAPrivateCrtKey rsa)) {
        throw new IllegalArgumentException(
            "expected an RSA private key but got a " + key.getAlgorithm() + " key");
      }
      RSAPublicKey pub =
          (RSAPublicKey)
              java.security.KeyFactory.getInstance("RSA")
                  .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
      return new KeyPair(pub, rsa);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("unreadable private key: " + e.getMessage(), e);
    }
  }
}
