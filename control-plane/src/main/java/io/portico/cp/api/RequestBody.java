package io.portico.cp.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a request body as a JSON tree: checks its Content-Type (415), its size (413) and its syntax
 * (400 naming line and column). JSON is the default when no Content-Type is sent.
 */
final class RequestBody {
  static final Set<String> JSON_TYPES = Set.of("application/json");
  static final Set<String> YAML_TYPES =
      Set.of("application/yaml", "application/x-yaml", "text/yaml");

  private final long maxBytes;
  private final ObjectReader json;
  private final ObjectMapper yaml = new YAMLMapper();

  RequestBody(long maxBytes, ObjectMapper jsonMapper) {
    this.maxBytes = maxBytes;
    this.json = jsonMapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
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
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (text.isBlank()) {
      throw new ApiException(400, title, "The request body is empty: expected a resource");
    }
    try {
      JsonNode tree = isYaml ? yaml.readTree(text) : json.readTree(text);
      if (tree == null || tree.isMissingNode()) {
        throw new ApiException(400, title, "The request body is empty: expected a resource");
      }
      return tree;
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      String where =
          loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
      throw new ApiException(
          400,
          title,
          "Malformed "
              + (isYaml ? "YAML" : "JSON")
              + where
              + ": "
              + oneLine(e.getOriginalMessage()));
    }
  }

  private static boolean isYaml(Context ctx, String title) {
    String header = ctx.header("Content-Type");
    if (header == null || header.isBlank()) {
      return false;
    }
    String mediaType = header.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
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
      throw new UncheckedIOException("cannot read the request body", e);
    }
  }

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

  /** SnakeYAML messages span lines with source excerpts; keep the problem statements only. */
  private static String oneLine(String message) {
    if (message == null) {
      return "";
    }
    return message
        .lines()
        .filter(l -> !l.isBlank() && !l.startsWith(" in '") && !l.startsWith("    "))
        .map(String::trim)
        .collect(java.util.stream.Collectors.joining("; "));
  }
}
