package io.portico.cp.pem;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * Certificates and private keys as PEM text, the form in which CA material is kept in secrets and
 * sent to proxies. Reads {@code CERTIFICATE} blocks, and {@code RSA PRIVATE KEY} (PKCS#1), {@code
 * EC PRIVATE KEY} (SEC 1) or {@code PRIVATE KEY} (PKCS#8) keys; writes certificates, PKCS#1 RSA
 * keys (what Kuma keeps in builtin CA secrets) and PKCS#8 keys (what proxies get: every TLS stack
 * reads it). Stateless.
 */
public final class Pem {
  private Pem() {}

  /**
   * Every certificate of a PEM text, in order.
   *
   * @throws IllegalArgumentException when the text holds no certificate or a malformed one
   */
  public static List<X509Certificate> certificates(String pem) {
    List<X509Certificate> out = new ArrayList<>();
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
      for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
        if (o instanceof X509CertificateHolder holder) {
          out.add(converter.getCertificate(holder));
        }
      }
    } catch (IOException | CertificateException | RuntimeException e) {
      throw new IllegalArgumentException(
          "expected PEM CERTIFICATE blocks but the data is malformed: " + e.getMessage(), e);
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(
          "expected at least one PEM CERTIFICATE block but found none");
    }
    return out;
  }

  /**
   * The first private key of a PEM text.
   *
   * @throws IllegalArgumentException when the text holds no private key or a malformed one
   */
  public static PrivateKey privateKey(String pem) {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
        if (o instanceof PEMKeyPair pair) {
          return converter.getKeyPair(pair).getPrivate();
        }
        if (o instanceof PrivateKeyInfo info) {
          return converter.getPrivateKey(info);
        }
      }
    } catch (PEMException e) {
      throw new IllegalArgumentException("the private key cannot be read: " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "expected a PEM private key but the data is malformed: " + e.getMessage(), e);
    }
    throw new IllegalArgumentException(
        "expected a PEM RSA PRIVATE KEY, EC PRIVATE KEY or PRIVATE KEY block but found none");
  }

  /** The PEM text of certificates, in order. */
  public static String of(List<X509Certificate> certificates) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      for (X509Certificate certificate : certificates) {
        writer.writeObject(certificate);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** A key as OpenSSL writes it: {@code RSA PRIVATE KEY} (PKCS#1) or {@code EC PRIVATE KEY}. */
  public static String traditional(PrivateKey key) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(key);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** A key as a PKCS#8 {@code PRIVATE KEY} block. */
  public static String pkcs8(PrivateKey key) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(new JcaPKCS8Generator(key, null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /**
   * Whether {@code key} is the private half of {@code publicKey}: it signs what the other checks.
   */
  public static boolean isPair(PrivateKey key, PublicKey publicKey) {
    if (!key.getAlgorithm().equals(publicKey.getAlgorithm())) {
      return false;
    }
    String algorithm = signatureAlgorithm(key);
    try {
      byte[] challenge = new byte[32];
      new SecureRandom().nextBytes(challenge);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(challenge);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /**
   * An RSA key with its public half, derived from the private key's modulus and public exponent.
   *
   * @throws IllegalArgumentException when the key is not an RSA private key with CRT parameters
   */
  public static KeyPair rsaKeyPair(PrivateKey key) {
    if (!(key instanceof RSAPrivateCrtKey rsa)) {
      throw new IllegalArgumentException(
          "expected an RSA private key but got a " + key.getAlgorithm() + " key");
    }
    try {
      PublicKey publicKey =
          KeyFactory.getInstance("RSA")
              .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
      return new KeyPair(publicKey, key);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("unusable RSA key: " + e.getMessage(), e);
    }
  }

  /** The signature algorithm a CA with this key signs certificates with. */
  public static String signatureAlgorithm(PrivateKey key) {
    return switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC", "ECDSA" -> "SHA256withECDSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      default ->
          throw new IllegalArgumentException(
              "unsupported key algorithm " + key.getAlgorithm() + ": expected RSA, EC or Ed25519");
    };
  }

  /** The bytes of PEM text, as stored in a secret. */
  static byte[] bytes(String pem) {
    return pem.getBytes(StandardCharsets.US_ASCII);
  }
}
