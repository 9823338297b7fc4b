package io.portico.format;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * PEM text (RFC 7468) split into its blocks and written back, the one implementation the control
 * plane and the proxy share. Text between blocks is ignored, as Go's {@code pem.Decode} does;
 * headers in a block (an encrypted key's {@code Proc-Type}) are refused. What a block holds (a
 * certificate, a key) is for the caller to read.
 *
 * <p>Splitting is one pass over the text: each search starts where the previous block ended (a
 * pattern with a lazy body took time quadratic in the number of BEGIN lines without END).
 */
public final class Pem {
  private static final String BEGIN = "-----BEGIN ";
  private static final String DASHES = "-----";
  private static final int LINE = 64;

  private Pem() {}

  /**
   * One block: its type ({@code CERTIFICATE}, {@code PRIVATE KEY}...), its DER bytes and its text
   * as it was written (BEGIN line to END line, with a final newline).
   */
  public record Block(String type, byte[] der, String text) {
    public Block {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(der, "der");
      Objects.requireNonNull(text, "text");
    }
  }

  /**
   * The blocks of a text, in order; none when it holds no BEGIN line.
   *
   * @throws IllegalArgumentException saying what is wrong ("has a PEM block without its END line",
   *     ...), to be prefixed by what the text is
   */
  public static List<Block> decode(String pem) {
    String text = pem.replace("\r\n", "\n");
    List<Block> blocks = new ArrayList<>();
    int at = 0;
    for (int begin = text.indexOf(BEGIN, at); begin >= 0; begin = text.indexOf(BEGIN, at)) {
      int typeEnd = text.indexOf(DASHES, begin + BEGIN.length());
      int lineEnd = text.indexOf('\n', begin);
      if (typeEnd < 0 || lineEnd != typeEnd + DASHES.length()) {
        throw new IllegalArgumentException("has a malformed PEM BEGIN line");
      }
      String type = text.substring(begin + BEGIN.length(), typeEnd);
      if (type.isEmpty() || !type.chars().allMatch(Pem::isTypeCharacter)) {
        throw new IllegalArgumentException("has a malformed PEM BEGIN line");
      }
      String endLine = "-----END " + type + DASHES;
      int bodyEnd = text.indexOf(endLine, lineEnd + 1);
      int nextBegin = text.indexOf(BEGIN, lineEnd + 1);
      if (bodyEnd < 0 || (nextBegin >= 0 && nextBegin < bodyEnd)) {
        throw new IllegalArgumentException("has a PEM block without its END line");
      }
      at = bodyEnd + endLine.length();
      String body = text.substring(lineEnd + 1, bodyEnd);
      if (body.contains(":")) {
        throw new IllegalArgumentException(
            "PEM block \"" + type + "\" has headers (an encrypted key is not supported)");
      }
      blocks.add(new Block(type, base64(type, body), text.substring(begin, at) + "\n"));
    }
    return blocks;
  }

  /** A block's text: BEGIN line, base64 in lines of 64 characters, END line. */
  public static String encode(String type, byte[] der) {
    String base64 = Base64.getEncoder().encodeToString(der);
    StringBuilder out = new StringBuilder(base64.length() + base64.length() / LINE + 64);
    out.append(BEGIN).append(type).append(DASHES).append('\n');
    for (int i = 0; i < base64.length(); i += LINE) {
      out.append(base64, i, Math.min(base64.length(), i + LINE)).append('\n');
    }
    return out.append("-----END ").append(type).append(DASHES).append('\n').toString();
  }

  private static byte[] base64(String type, String body) {
    try {
      if (!isBase64(body)) {
        throw new IllegalArgumentException("foreign characters");
      }
      byte[] der = Base64.getMimeDecoder().decode(body.strip());
      if (der.length == 0) {
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
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '+'
              || c == '/'
              || c == '='
              || Character.isWhitespace(c);
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
