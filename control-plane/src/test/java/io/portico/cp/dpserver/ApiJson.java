package io.portico.cp.dpserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

/** Reads the parts of a JWT for assertions. */
final class ApiJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ApiJson() {}

  static JsonNode header(String jwt) {
    return part(jwt, 0);
  }

  static JsonNode payload(String jwt) {
    return part(jwt, 1);
  }

  private static JsonNode part(String jwt, int index) {
    try {
      return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[index]));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
