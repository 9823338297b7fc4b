package io.portico.cp.compiler.tls;

import io.portico.cp.compiler.plan.ServerCertificatePlan.KeyType;
import io.portico.format.Pem;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The content of a certificate data source split into its key and its certificates (spec/gateway.md
 * §1.2): a sequence of PEM blocks with exactly one whose type ends with {@code PRIVATE KEY} (RSA or
 * ECDSA, PKCS#1, SEC1 or PKCS#8) and one or more whose type ends with {@code CERTIFICATE}; the
 * first certificate is the server's, the others its chain. Text between blocks is ignored (as Go's
 * {@code pem.Decode} does).
 *
 * <p>The key is sent to proxies as PKCS#8 ({@code PRIVATE KEY}) whatever form it was written in:
 * every TLS stack reads PKCS#8, so the proxy needs no other reader ({@link Pkcs8Keys}).
 *
 * @param privateKeyPem the key as a PKCS#8 {@code PRIVATE KEY} block
 * @param keyType the key's algorithm
 * @param certificatePems the certificate blocks in order, server certificate first
 */
public record PemBundle(String privateKeyPem, KeyType keyType, List<String> certificatePems) {
  public PemBundle {
    Objects.requireNonNull(privateKeyPem, "privateKeyPem");
    Objects.requireNonNull(keyType, "keyType");
    certificatePems = List.copyOf(certificatePems);
    if (certificatePems.isEmpty()) {
      throw new IllegalArgumentException("a bundle needs at least one certificate");
    }
  }

  /** The server certificate and its chain, one PEM text. */
  public String chainPem() {
    return String.join("", certificatePems);
  }

  /**
   * Splits the content of a certificate data source.
   *
   * @throws IllegalArgumentException naming what is wrong: no PEM block, a block that is neither a
   *     key nor a certificate, a block that is not base64, several keys, no key, no certificate, an
   *     encrypted key, a key neither RSA nor ECDSA
   */
  public static PemBundle parse(String content) {
    if (content == null || content.isBlank()) {
      throw new IllegalArgumentException("is empty");
    }
    List<Pem.Block> blocks = Pem.decode(content);
    if (blocks.isEmpty()) {
      throw new IllegalArgumentException("has no PEM block");
    }
    List<Pem.Block> keys = new ArrayList<>();
    List<Pem.Block> certificates = new ArrayList<>();
    for (Pem.Block block : blocks) {
      if (block.type().endsWith("PRIVATE KEY")) {
        keys.add(block);
      } else if (block.type().endsWith("CERTIFICATE")) {
        certificates.add(block);
      } else {
        throw new IllegalArgumentException(
            "PEM block \"" + block.type() + "\" is neither a private key nor a certificate");
      }
    }
    if (keys.size() > 1) {
      throw new IllegalArgumentException(
          "has " + keys.size() + " private keys, expected exactly one");
    }
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("has no private key");
    }
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException("has no certificate");
    }
    Pem.Block key = keys.get(0);
    byte[] pkcs8 = Pkcs8Keys.of(key.type(), key.der(), certificates.get(0).der());
    return new PemBundle(
        Pem.encode("PRIVATE KEY", pkcs8),
        keyType(pkcs8),
        certificates.stream().map(Pem.Block::text).toList());
  }

  /** The algorithm of a PKCS#8 key. */
  private static KeyType keyType(byte[] pkcs8) {
    if (decodes("RSA", pkcs8)) {
      return KeyType.RSA;
    }
    if (decodes("EC", pkcs8)) {
      return KeyType.ECDSA;
    }
    throw new IllegalArgumentException(
        "private key is neither RSA nor ECDSA (or is not a valid PKCS#8 key)");
  }

  private static boolean decodes(String algorithm, byte[] pkcs8) {
    try {
      KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "PemBundle[keyType=" + keyType + ", certificates=" + certificatePems.size() + "]";
  }
}
