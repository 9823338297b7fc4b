package io.portico.it.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Odd requests, written byte for byte as a careless script or an attacker would send them: any
 * method, paths with dot segments, encoded slashes, bad or NUL escapes, raw UTF-8, very long
 * segments, odd query strings, and bodies that are not resources. Every one gets an answer in
 * bounded time, never a 5xx, and every refusal is Kuma's JSON error (issue 8, point 1).
 */
class OddRequestPropertyTest {
  static ApiUnderTest api;
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final List<String> METHODS =
      List.of("GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "FOO");
  private static final List<String> SEGMENTS =
      List.of(
          "meshes",
          "default",
          "timeouts",
          "dataplanes",
          "dataplanes+insights",
          "global-secrets",
          "secrets",
          "tokens",
          "dataplane",
          "dataplane-insights",
          "zones",
          "policies",
          "config",
          "..",
          "%2e%2e",
          "a%2Fb",
          "%00",
          "%zz",
          "%",
          "%C3%28",
          "ü",
          ";x=1",
          "*",
          "",
          "x".repeat(300),
          "y".repeat(9000));
  private static final List<String> QUERIES =
      List.of(
          "",
          "?size=1",
          "?size=-1",
          "?size=1e3",
          "?size=99999999999999999999",
          "?size=%zz",
          "?offset=abc",
          "?offset=-1",
          "?tag=%",
          "?tag=a:b&tag=c",
          "?gateway=maybe",
          "?a=%ff%fe",
          "?" + "a=1&".repeat(1000),
          "?#fragment");
  private static final List<String> BODIES =
      List.of(
          "", "{}", "null", "[]", "\"x\"", "{\"type\":\"Mesh\",\"name\":\"default\"}", "\u0000");

  @BeforeContainer
  static void start() {
    api = ApiUnderTest.start();
  }

  @AfterContainer
  static void stop() {
    if (api != null) {
      api.close();
    }
  }

  /** One raw request. */
  record Request(String method, List<String> segments, String query, String body, boolean json) {
    String target() {
      return "/" + String.join("/", segments) + query;
    }

    byte[] bytes() {
      byte[] content = body.getBytes(StandardCharsets.UTF_8);
      String head =
          method
              + " "
              + target()
              + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
              + (json ? "Content-Type: application/json\r\n" : "")
              + (content.length > 0 ? "Content-Length: " + content.length + "\r\n" : "")
              + "Connection: close\r\n\r\n";
      byte[] headBytes = head.getBytes(StandardCharsets.UTF_8);
      byte[] out = new byte[headBytes.length + content.length];
      System.arraycopy(headBytes, 0, out, 0, headBytes.length);
      System.arraycopy(content, 0, out, headBytes.length, content.length);
      return out;
    }

    @Override
    public String toString() {
      String target = target();
      return method
          + " "
          + (target.length() > 120 ? target.substring(0, 120) + "…" : target)
          + (body.isEmpty() ? "" : " with " + body);
    }
  }

  @Provide
  Arbitrary<Request> requests() {
    return Combinators.combine(
            Arbitraries.of(METHODS),
            Arbitraries.of(SEGMENTS).list().ofMinSize(1).ofMaxSize(4),
            Arbitraries.of(QUERIES),
            Arbitraries.of(BODIES),
            Arbitraries.of(true, false))
        .as(Request::new);
  }

  @Property(
      tries = 500,
      seed = "20261207",
      shrinking = ShrinkingMode.BOUNDED,
      edgeCases = net.jqwik.api.EdgeCasesMode.NONE)
  void anOddRequestGetsAnAnswerNeverA5xxAndRefusalsInKumaShape(
      @ForAll("requests") Request request) {
    ApiUnderTest.RawAnswer answer = api.raw(request.bytes(), request.method().equals("HEAD"));

    net.jqwik.api.statistics.Statistics.collect(answer.status());
    assertThat(answer.status()).as(answer.head() + "\n" + answer.body()).isBetween(200, 499);
    if (answer.status() >= 400 && !request.method().equals("HEAD")) {
      assertThat(answer.header("Content-Type")).as(answer.head()).startsWith("application/json");
      JsonNode error;
      try {
        error = JSON.readTree(answer.body());
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + answer.body(), e);
      }
      assertThat(error.path("title").asText()).as(answer.body()).isNotBlank();
      assertThat(error.path("details").asText()).as(answer.body()).isNotBlank();
    }
    assertThat(api.get("/meshes/default").statusCode())
        .as("the default mesh is still there")
        .isEqualTo(200);
  }
}
