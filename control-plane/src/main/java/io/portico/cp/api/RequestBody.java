package io.portico.cp.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.portico.mesh.api.codec.MalformedDocumentException;
import io.portico.mesh.api.codec.TreeReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a request body as a JSON tree: checks its Content-Type (415), its size (413, at once when
 * the declared length is too large, before reading anything), its encoding (UTF-8 only) and its
 * syntax ({@link TreeReader}: one JSON value, or one YAML document without tags, with aliases
 * expanded within bounds), each refusal a 400 naming where and what. JSON is the default when no
 * Content-Type is sent.
 */
final class RequestBody {
  static final Set<String> JSON_TYPES = Set.of("application/json");
  static final Set<String> YAML_TYPES =
      Set.of("application/yaml", "application/x-yaml", "text/yaml");

  private final long maxBytes;

  RequestBody(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  long maxBytes() {
    return maxBytes;
  }

  /**
   * The body of the request as a tree.
   *
   * @param title the operation's title for errors
   * @throws ApiException 415, 413 or 400
   */
  JsonNode readTree(Context ctx, String title) {
    boolean isYaml = isYaml(ctx, title);
    byte[] bytes = readBytes(ctx, title);
    String text = decode(bytes, title);
    if (text.isBlank()) {
      throw new ApiException(400, title, "The request body is empty: expected a resource");
    }
    try {
      return isYaml ? TreeReader.readYaml(text) : TreeReader.readJson(text);
    } catch (MalformedDocumentException e) {
      throw new ApiException(400, title, capitalized(e.getMessage()));
    }
  }

  private static String capitalized(String message) {
    return message.isEmpty()
        ? message
        : Character.toUpperCase(message.charAt(0)) + message.substring(1);
  }

  /** Strict UTF-8: a malformed or truncated sequence is refused, never replaced. */
  private static String decode(byte[] bytes, String title) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isUnderflow()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      throw new ApiException(
          400,
          title,
          "The request body is not valid UTF-8: "
              + result.length()
              + " invalid byte(s) at offset "
              + in.position()
              + ": expected UTF-8 text");
    }
    out.flip();
    return out.toString();
  }

  private static boolean isYaml(Context ctx, String title) {
    String header = ctx.header("Content-Type");
    if (header == null || header.isBlank()) {
      return false;
    }
    String[] parts = header.split(";");
    String mediaType = parts[0].trim().toLowerCase(Locale.ROOT);
    for (int i = 1; i < parts.length; i++) {
      String[] parameter = parts[i].trim().split("=", 2);
      if (parameter.length == 2
          && parameter[0].trim().equalsIgnoreCase("charset")
          && !parameter[1].trim().replace("\"", "").equalsIgnoreCase("utf-8")) {
        throw new ApiException(
            415,
            title,
            "Unsupported charset \""
                + parameter[1].trim()
                + "\" in the Content-Type: expected UTF-8");
      }
    }
    if (JSON_TYPES.contains(mediaType)) {
      return false;
    }
    if (YAML_TYPES.contains(mediaType)) {
      return true;
    }
    throw new ApiException(
        415,
        title,
        "Unsupported Content-Type \""
            + mediaType
            + "\": expected application/json, application/yaml, application/x-yaml or"
            + " text/yaml");
  }

  private byte[] readBytes(Context ctx, String title) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBytes) {
      throw tooLarge(title, declared + " bytes");
    }
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
      if (bytes.length > maxBytes) {
        throw tooLarge(title, "more than " + maxBytes + " bytes");
      }
      return bytes;
    } catch (IOException e) {
      throw new ApiException(400, title, "The request body could not be read: " + e.getMessage());
    }
  }

  /**
   * 413, and the connection is closed after the answer: the rest of the body is never read (a
   * client that declared 50 MB and sends nothing gets its answer at once).
   */
  private ApiException tooLarge(String title, String size) {
    return new ApiException(
        413,
        title,
        "The request body of "
            + size
            + " is too large: at most "
            + maxBytes
            + " bytes are accepted (apiServer.maxRequestBodyBytes)");
  }
}
