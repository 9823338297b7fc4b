package io.portico.cp.api;

import io.portico.format.Quoting;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Checks what the HTTP server passes on without judging: the method, and the escapes of the path
 * and the query string, which Jetty lets through in places (a malformed {@code %}-escape in the
 * query is dropped silently, so {@code ?size=%zz} would list with the default size; a {@code %} at
 * the end of the path reached the router's decoder, a 500). Answers 405 and 400 in Kuma's JSON
 * shape.
 */
final class RequestTarget {
  static final Set<String> METHODS = Set.of("GET", "HEAD", "PUT", "POST", "DELETE", "PATCH");
  static final String BAD_REQUEST = "Bad Request";

  private RequestTarget() {}

  /**
   * @param method the request method
   * @param rawQuery the query string as sent (not decoded), or null
   * @throws ApiException 405 for another method, 400 for a malformed query string
   */
  static void check(String method, String rawPath, String rawQuery) {
    if (!METHODS.contains(method)) {
      throw new ApiException(
          405,
          "Method Not Allowed",
          "The method "
              + Quoting.quote(method)
              + " is not served: expected GET, HEAD, PUT, POST, DELETE or PATCH");
    }
    if (rawPath != null) {
      checkEscapes(rawPath, "path");
    }
    if (rawQuery != null) {
      checkEscapes(rawQuery, "query string");
    }
  }

  /** Every {@code %} starts two hex digits, and the decoded bytes are UTF-8. */
  static void checkEscapes(String raw, String part) {
    ByteBuffer bytes = ByteBuffer.allocate(raw.length() * 3);
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length() || hex(raw.charAt(i + 1)) < 0 || hex(raw.charAt(i + 2)) < 0) {
          throw new ApiException(
              400,
              BAD_REQUEST,
              "The "
                  + part
                  + " has a malformed escape at character "
                  + (i + 1)
                  + ": expected % followed by two hexadecimal digits");
        }
        bytes.put((byte) (hex(raw.charAt(i + 1)) * 16 + hex(raw.charAt(i + 2))));
        i += 2;
      } else {
        bytes.put(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    bytes.flip();
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(bytes);
    } catch (CharacterCodingException e) {
      throw new ApiException(
          400, BAD_REQUEST, "The " + part + " decodes to bytes that are not UTF-8");
    }
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }
}
