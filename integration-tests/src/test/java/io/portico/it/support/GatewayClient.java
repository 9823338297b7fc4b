package io.portico.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * An HTTP/1.1 client for a gateway on loopback that can send any Host header (the JVM must run with
 * {@code -Djdk.httpclient.allowRestrictedHeaders=host}, as failsafe does). Responses of the echo
 * servers are read as JSON.
 */
public final class GatewayClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** One answer of the gateway. */
  public record Response(int status, Map<String, java.util.List<String>> headers, String body) {
    /** The echo server's view of the request (instance, path, query, headers), or null. */
    public JsonNode echo() {
      try {
        return body.startsWith("{") ? JSON.readTree(body) : null;
      } catch (IOException e) {
        return null;
      }
    }

    public String instance() {
      JsonNode echo = echo();
      return echo == null ? null : echo.path("instance").asText(null);
    }

    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .flatMap(e -> e.getValue().stream())
          .findFirst()
          .orElse(null);
    }
  }

  public Response send(
      String method, int port, String host, String pathAndQuery, Map<String, String> headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
            .timeout(Duration.ofSeconds(20))
            .header("Host", host)
            .method(method, HttpRequest.BodyPublishers.noBody());
    headers.forEach(b::header);
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.headers().map(), r.body());
    } catch (IOException e) {
      throw new AssertionError(method + " " + host + pathAndQuery + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public Response get(int port, String host, String pathAndQuery) {
    return send("GET", port, host, pathAndQuery, Map.of());
  }
}
