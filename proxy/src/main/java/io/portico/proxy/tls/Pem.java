package io.portico.proxy.tls;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the PEM text of a config with the JDK only: certificates, and private keys in PKCS#8
 * ({@code PRIVATE KEY}), the one form the control plane sends (it converts PKCS#1 and SEC1 keys,
 * which users write, before they reach a proxy). Blocks are split by {@link io.portico.format.Pem},
 * the control plane's splitter too.
 */
public final class Pem {
  private Pem() {}

  private static List<io.portico.format.Pem.Block> blocks(String pem) throws TlsMaterialException {
    try {
      return io.portico.format.Pem.decode(pem);
    } catch (IllegalArgumentException e) {
      throw new TlsMaterialException("the text " + e.getMessage());
    }
  }

  /**
   * The certificates of a PEM text, in order (a chain: leaf first).
   *
   * @throws TlsMaterialException when the text holds no CERTIFICATE block, another kind of block,
   *     or a certificate that does not parse
   */
  public static List<X509Certificate> certificates(String pem) throws TlsMaterialException {
    List<io.portico.format.Pem.Block> blocks = blocks(pem);
    if (blocks.isEmpty()) {
      throw new TlsMaterialException("expected PEM CERTIFICATE blocks, found none");
    }
    List<X509Certificate> certificates = new ArrayList<>(blocks.size());
    CertificateFactory factory;
    try {
      factory = CertificateFactory.getInstance("X.509");
    } catch (CertificateException e) {
      throw new IllegalStateException("the JDK has no X.509 certificate factory", e);
    }
    for (int i = 0; i < blocks.size(); i++) {
      io.portico.format.Pem.Block block = blocks.get(i);
      if (!block.type().equals("CERTIFICATE")) {
        throw new TlsMaterialException(
            "expected only PEM CERTIFICATE blocks, found " + block.type() + " (block " + i + ")");
      }
      try {
        certificates.add(
            (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
      } catch (CertificateException e) {
        throw new TlsMaterialException(
            "PEM CERTIFICATE block " + i + " is not an X.509 certificate: " + e.getMessage());
      }
    }
    return certificates;
  }

  /**
   * The private key of a PEM text: one PKCS#8 {@code PRIVATE KEY} block.
   *
   * @throws TlsMaterialException when the text holds no key, several keys, a key in another form
   *     (encrypted, PKCS#1, SEC1) or a key that does not parse
   */
  public static PrivateKey privateKey(String pem) throws TlsMaterialException {
    List<io.portico.format.Pem.Block> keys = new ArrayList<>();
    for (io.portico.format.Pem.Block block : blocks(pem)) {
      switch (block.type()) {
        case "PRIVATE KEY" -> keys.add(block);
        case "ENCRYPTED PRIVATE KEY" ->
            throw new TlsMaterialException("encrypted private keys are not supported");
        default ->
            throw new TlsMaterialException(
                "expected a PKCS#8 PEM PRIVATE KEY block (the control plane sends keys so), found "
                    + block.type());
      }
    }
    if (keys.size() != 1) {
      throw new TlsMaterialException(
          "expected exactly one PKCS#8 PEM PRIVATE KEY block, found " + keys.size());
    }
    byte[] der = keys.get(0).der();
    for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // not a key of this algorithm: try the next one
      }
    }
    throw new TlsMaterialException("private key is not a valid PKCS#8 RSA, EC or EdDSA key");
  }
}
