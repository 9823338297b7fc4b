package io.portico.cp.compiler.tls;

import io.portico.cp.compiler.plan.ServerCertificatePlan.KeyType;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * The content of a certificate data source split into its key and its certificates (spec/gateway.md
 * §1.2): a sequence of PEM blocks with exactly one whose type ends with {@code PRIVATE KEY} (RSA or
 * ECDSA, PKCS#1, SEC1 or PKCS#8) and one or more whose type ends with {@code CERTIFICATE}; the
 * first certificate is the server's, the others its chain. Text between blocks is ignored (as Go's
 * {@code pem.Decode} does).
 *
 * @param privateKeyPem the key block, as written
 * @param keyType the key's algorithm
 * @param certificatePems the certificate blocks in order, server certificate first
 */
public record PemBundle(String privateKeyPem, KeyType keyType, List<String> certificatePems) {
  private static final String BEGIN = "-----BEGIN ";
  private static final String DASHES = "-----";

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
    String text = content.replace("\r\n", "\n");
    List<String> keys = new ArrayList<>();
    List<String> keyTypes = new ArrayList<>();
    List<byte[]> keyBodies = new ArrayList<>();
    List<String> certificates = new ArrayList<>();
    int blocks = 0;
    // One pass over the text: each search starts where the previous block ended (a pattern with a
    // lazy body took time quadratic in the number of BEGIN lines without END).
    int at = 0;
    for (int begin = text.indexOf(BEGIN, at); begin >= 0; begin = text.indexOf(BEGIN, at)) {
      int typeEnd = text.indexOf(DASHES, begin + BEGIN.length());
      int lineEnd = text.indexOf('\n', begin);
      if (typeEnd < 0 || lineEnd != typeEnd + DASHES.length()) {
        throw new IllegalArgumentException("has a malformed PEM BEGIN line");
      }
      String type = text.substring(begin + BEGIN.length(), typeEnd);
      if (type.isEmpty() || !type.chars().allMatch(PemBundle::isTypeCharacter)) {
        throw new IllegalArgumentException("has a malformed PEM BEGIN line");
      }
      String endLine = "-----END " + type + DASHES;
      int bodyEnd = text.indexOf(endLine, lineEnd + 1);
      int nextBegin = text.indexOf(BEGIN, lineEnd + 1);
      if (bodyEnd < 0 || (nextBegin >= 0 && nextBegin < bodyEnd)) {
        throw new IllegalArgumentException("has a PEM block without its END line");
      }
      blocks++;
      at = bodyEnd + endLine.length();
      String body = text.substring(lineEnd + 1, bodyEnd);
      if (body.contains(":")) {
        throw new IllegalArgumentException(
            "PEM block \"" + type + "\" has headers (an encrypted key is not supported)");
      }
      byte[] der = decode(type, body);
      String pem = text.substring(begin, at) + "\n";
      if (type.endsWith("PRIVATE KEY")) {
        keys.add(pem);
        keyTypes.add(type);
        keyBodies.add(der);
      } else if (type.endsWith("CERTIFICATE")) {
        certificates.add(pem);
      } else {
        throw new IllegalArgumentException(
            "PEM block \"" + type + "\" is neither a private key nor a certificate");
      }
    }
    if (blocks == 0) {
      throw new IllegalArgumentException("has no PEM block");
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
    return new PemBundle(keys.get(0), keyType(keyTypes.get(0), keyBodies.get(0)), certificates);
  }

  private static byte[] decode(String type, String body) {
    try {
      byte[] der = Base64.getMimeDecoder().decode(body.strip());
      if (der.length == 0 || !isBase64(body)) {
        throw new IllegalArgumentException("empty");
      }
      return der;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("PEM block \"" + type + "\" is not valid base64", e);
    }
  }

  private static boolean isTypeCharacter(int c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ';
  }

  /** The MIME decoder skips foreign characters; a PEM body has none. */
  private static boolean isBase64(String body) {
    return body.chars()
        .allMatch(
            c ->
                (c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '+'
                    || c == '/'
                    || c == '='
                    || Character.isWhitespace(c));
  }

  /**
   * The algorithm of a key block: from its type for PKCS#1 ({@code RSA PRIVATE KEY}) and SEC1
   * ({@code EC PRIVATE KEY}), by decoding it for PKCS#8 ({@code PRIVATE KEY}).
   */
  private static KeyType keyType(String type, byte[] der) {
    switch (type) {
      case "RSA PRIVATE KEY":
        return KeyType.RSA;
      case "EC PRIVATE KEY":
        return KeyType.ECDSA;
      case "PRIVATE KEY":
        if (decodes("RSA", der)) {
          return KeyType.RSA;
        }
        if (decodes("EC", der)) {
          return KeyType.ECDSA;
        }
        throw new IllegalArgumentException(
            "private key is neither RSA nor ECDSA (or is not a valid PKCS#8 key)");
      case "ENCRYPTED PRIVATE KEY":
        throw new IllegalArgumentException("private key is encrypted, which is not supported");
      default:
        throw new IllegalArgumentException(
            "private key of type \"" + type + "\" is not supported (only RSA and ECDSA)");
    }
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
