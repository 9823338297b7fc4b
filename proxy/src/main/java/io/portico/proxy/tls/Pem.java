package io.portico.proxy.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM text (RFC 7468) with the JDK only: certificates, and private keys in PKCS#8 ({@code
 * PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}, what Kuma's builtin CA writes) or SEC1 ({@code EC
 * PRIVATE KEY}, what {@code openssl ecparam -genkey} writes). Encrypted keys are refused.
 */
public final class Pem {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

  /** OID 1.2.840.113549.1.1.1 (rsaEncryption), DER encoded. */
  private static final byte[] RSA_ENCRYPTION = {
    0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01
  };

  /** OID 1.2.840.10045.2.1 (id-ecPublicKey), DER encoded. */
  private static final byte[] EC_PUBLIC_KEY = {
    0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01
  };

  private static final byte[] DER_NULL = {0x05, 0x00};
  private static final byte[] VERSION_ZERO = {0x02, 0x01, 0x00};

  private Pem() {}

  private record Block(String type, byte[] der) {}

  private static List<Block> blocks(String pem) throws TlsMaterialException {
    List<Block> blocks = new ArrayList<>();
    Matcher matcher = BLOCK.matcher(pem);
    while (matcher.find()) {
      try {
        blocks.add(new Block(matcher.group(1), Base64.getMimeDecoder().decode(matcher.group(2))));
      } catch (IllegalArgumentException e) {
        throw new TlsMaterialException(
            "PEM block " + matcher.group(1) + " is not valid base64: " + e.getMessage());
      }
    }
    return blocks;
  }

  /**
   * The certificates of a PEM text, in order (a chain: leaf first).
   *
   * @throws TlsMaterialException when the text holds no CERTIFICATE block, another kind of block,
   *     or a certificate that does not parse
   */
  public static List<X509Certificate> certificates(String pem) throws TlsMaterialException {
    List<Block> blocks = blocks(pem);
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
      Block block = blocks.get(i);
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
   * The private key of a PEM text.
   *
   * @throws TlsMaterialException when the text holds no key, several keys, an encrypted key or a
   *     key that does not parse
   */
  public static PrivateKey privateKey(String pem) throws TlsMaterialException {
    return privateKey(pem, null);
  }

  /**
   * The private key of a PEM text; a SEC1 EC key that does not name its curve takes the curve of
   * {@code certificateKey} (the public key of its certificate, may be {@code null}).
   *
   * @throws TlsMaterialException when the text holds no key, several keys, an encrypted key or a
   *     key that does not parse
   */
  public static PrivateKey privateKey(String pem, java.security.PublicKey certificateKey)
      throws TlsMaterialException {
    List<Block> keys = new ArrayList<>();
    for (Block block : blocks(pem)) {
      switch (block.type()) {
        case "EC PARAMETERS" -> {
          // openssl ecparam -genkey writes the curve before the key; the key names it again.
        }
        case "ENCRYPTED PRIVATE KEY" ->
            throw new TlsMaterialException("encrypted private keys are not supported");
        case "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY" -> keys.add(block);
        default ->
            throw new TlsMaterialException(
                "expected a PEM PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY block, found "
                    + block.type());
      }
    }
    if (keys.size() != 1) {
      throw new TlsMaterialException(
          "expected exactly one PEM PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY block, found "
              + keys.size());
    }
    Block key = keys.get(0);
    try {
      return switch (key.type()) {
        case "RSA PRIVATE KEY" -> pkcs8(pkcs1ToPkcs8(key.der()), "RSA");
        case "EC PRIVATE KEY" -> pkcs8(sec1ToPkcs8(key.der(), certificateKey), "EC");
        default -> pkcs8(key.der(), "RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS");
      };
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      throw new TlsMaterialException(
          "PEM " + key.type() + " block is not valid DER: " + e.getMessage());
    }
  }

  private static PrivateKey pkcs8(byte[] der, String... algorithms) throws TlsMaterialException {
    for (String algorithm : algorithms) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // Not this algorithm: try the next one.
      }
    }
    throw new TlsMaterialException(
        "private key is not a valid " + String.join(", ", algorithms) + " key");
  }

  /** PrivateKeyInfo { version 0, { rsaEncryption, NULL }, OCTET STRING pkcs1 } (RFC 5208). */
  private static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
    return der(
        0x30, concat(VERSION_ZERO, der(0x30, concat(RSA_ENCRYPTION, DER_NULL)), der(0x04, pkcs1)));
  }

  /**
   * PrivateKeyInfo { version 0, { id-ecPublicKey, curve }, OCTET STRING sec1 }, the curve taken
   * from the SEC1 key's {@code [0] parameters} (RFC 5915), else from its certificate's public key.
   */
  private static byte[] sec1ToPkcs8(byte[] sec1, java.security.PublicKey certificateKey) {
    Der outer = Der.read(sec1, 0);
    if (outer.tag() != 0x30) {
      throw new IllegalArgumentException("EC private key is not a SEQUENCE");
    }
    int offset = outer.contentStart();
    byte[] curve = null;
    while (offset < outer.end()) {
      Der field = Der.read(sec1, offset);
      if (field.tag() == 0xa0) {
        Der oid = Der.read(sec1, field.contentStart());
        curve = java.util.Arrays.copyOfRange(sec1, oid.start(), oid.end());
      }
      offset = field.end();
    }
    if (curve == null && certificateKey != null && certificateKey.getAlgorithm().equals("EC")) {
      // SubjectPublicKeyInfo { { id-ecPublicKey, curve }, BIT STRING } (RFC 5480 §2).
      byte[] spki = certificateKey.getEncoded();
      Der algorithm = Der.read(spki, Der.read(spki, 0).contentStart());
      Der oid = Der.read(spki, algorithm.contentStart());
      Der parameters = Der.read(spki, oid.end());
      curve = java.util.Arrays.copyOfRange(spki, parameters.start(), parameters.end());
    }
    if (curve == null) {
      throw new IllegalArgumentException("EC private key does not name its curve");
    }
    return der(
        0x30, concat(VERSION_ZERO, der(0x30, concat(EC_PUBLIC_KEY, curve)), der(0x04, sec1)));
  }

  /** One DER tag-length-value: where it starts, where its content starts, where it ends. */
  private record Der(int tag, int start, int contentStart, int end) {
    static Der read(byte[] der, int offset) {
      int tag = der[offset] & 0xff;
      int length = der[offset + 1] & 0xff;
      int contentStart = offset + 2;
      if (length > 0x80) {
        int bytes = length & 0x7f;
        if (bytes > 3) {
          throw new IllegalArgumentException("DER length of " + bytes + " bytes");
        }
        length = 0;
        for (int i = 0; i < bytes; i++) {
          length = (length << 8) | (der[contentStart + i] & 0xff);
        }
        contentStart += bytes;
      } else if (length == 0x80) {
        throw new IllegalArgumentException("indefinite DER length");
      }
      if (contentStart + length > der.length) {
        throw new IllegalArgumentException("DER value longer than its input");
      }
      return new Der(tag, offset, contentStart, contentStart + length);
    }
  }

  private static byte[] der(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
    out.write(tag);
    int length = content.length;
    if (length < 0x80) {
      out.write(length);
    } else if (length < 0x100) {
      out.write(0x81);
      out.write(length);
    } else if (length < 0x10000) {
      out.write(0x82);
      out.write(length >> 8);
      out.write(length);
    } else {
      out.write(0x83);
      out.write(length >> 16);
      out.write(length >> 8);
      out.write(length);
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
