package io.portico.testing.echo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EchoServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static EchoServer echo;
  private static HttpClient http1;

  @BeforeAll
  static void start() {
    echo = EchoServer.start("backend-1");
    http1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  @AfterAll
  static void stop() {
    echo.close();
  }

  private static URI uri(String pathAndQuery) {
    return URI.create("http://" + echo.hostAndPort() + pathAndQuery);
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body());
  }

  @Test
  void http1RequestIsEchoedAsJson() throws Exception {
    HttpResponse<String> response =
        http1.send(
            HttpRequest.newBuilder(uri("/api/items?x=1&y=2"))
                .header("X-Single", "one")
                .header("x-multi", "a")
                .header("x-multi", "b")
                .POST(HttpRequest.BodyPublishers.ofString("hello body"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(response.headers().firstValue("x-echo-instance")).hasValue("backend-1");
    JsonNode body = json(response);
    assertThat(body.get("instance").asText()).isEqualTo("backend-1");
    assertThat(body.get("method").asText()).isEqualTo("POST");
    assertThat(body.get("path").asText()).isEqualTo("/api/items");
    assertThat(body.get("query").asText()).isEqualTo("x=1&y=2");
    assertThat(body.get("body").asText()).isEqualTo("hello body");
    assertThat(body.get("protocol").asText()).isEqualTo("HTTP/1.1");
    JsonNode headers = body.get("headers");
    assertThat(headers.get("x-single").asText()).isEqualTo("one");
    assertThat(headers.get("x-multi").isArray()).isTrue();
    assertThat(headers.get("x-multi").get(0).asText()).isEqualTo("a");
    assertThat(headers.get("x-multi").get(1).asText()).isEqualTo("b");
    assertThat(headers.get("host").asText()).isEqualTo(echo.hostAndPort());
  }

  @Test
  void requestWithoutQueryHasEmptyQuery() throws Exception {
    JsonNode body =
        json(
            http1.send(
                HttpRequest.newBuilder(uri("/")).build(), HttpResponse.BodyHandlers.ofString()));
    assertThat(body.get("path").asText()).isEqualTo("/");
    assertThat(body.get("query").asText()).isEmpty();
    assertThat(body.get("method").asText()).isEqualTo("GET");
  }

  @Test
  void statusPathAnswersThatStatus() throws Exception {
    HttpResponse<String> response =
        http1.send(
            HttpRequest.newBuilder(uri("/status/503")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(json(response).get("path").asText()).isEqualTo("/status/503");
  }

  @Test
  void statusOutsideTheValidRangeIsABadRequest() throws Exception {
    assertThat(
            http1
                .send(
                    HttpRequest.newBuilder(uri("/status/42")).build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(400);
  }

  @Test
  void noContentStatusHasNoBody() throws Exception {
    HttpResponse<String> response =
        http1.send(
            HttpRequest.newBuilder(uri("/status/204")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(response.body()).isEmpty();
  }

  @Test
  void delayPathHoldsTheAnswerBack() throws Exception {
    HttpRequest slow =
        HttpRequest.newBuilder(uri("/delay/60000")).timeout(Duration.ofMillis(200)).build();
    assertThatThrownBy(() -> http1.send(slow, HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(HttpTimeoutException.class);

    HttpResponse<String> response =
        http1.send(
            HttpRequest.newBuilder(uri("/delay/20")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).get("path").asText()).isEqualTo("/delay/20");
  }

  @Test
  void echoedBodyIsBounded() throws Exception {
    String big = "x".repeat(EchoHandler.MAX_ECHOED_BODY_BYTES + 100);
    JsonNode body =
        json(
            http1.send(
                HttpRequest.newBuilder(uri("/big"))
                    .POST(HttpRequest.BodyPublishers.ofString(big))
                    .build(),
                HttpResponse.BodyHandlers.ofString()));
    assertThat(body.get("body").asText()).hasSize(EchoHandler.MAX_ECHOED_BODY_BYTES);
    assertThat(body.get("bodyBytes").asInt()).isEqualTo(big.length());
  }

  @Test
  void h2cUpgradeIsServedAsHttp2() throws Exception {
    HttpClient http2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    HttpResponse<String> response =
        http2.send(
            HttpRequest.newBuilder(uri("/upgraded?q=1")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
    JsonNode body = json(response);
    assertThat(body.get("protocol").asText()).isEqualTo("HTTP/2.0");
    assertThat(body.get("path").asText()).isEqualTo("/upgraded");
    assertThat(body.get("query").asText()).isEqualTo("q=1");
  }

  @Test
  void http2WithPriorKnowledgeIsEchoed() throws Exception {
    try (Http2PriorKnowledgeClient client = new Http2PriorKnowledgeClient(echo.address())) {
      FullHttpRequest request =
          new DefaultFullHttpRequest(
              HttpVersion.HTTP_1_1,
              HttpMethod.PUT,
              "/h2/path?a=b",
              Unpooled.copiedBuffer("h2 body", StandardCharsets.UTF_8));
      request.headers().set(HttpHeaderNames.HOST, "example.com");
      request.headers().add("x-multi", "1").add("x-multi", "2");
      FullHttpResponse response = client.send(request).get(10, TimeUnit.SECONDS);
      try {
        assertThat(response.status().code()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.content().toString(StandardCharsets.UTF_8));
        assertThat(body.get("protocol").asText()).isEqualTo("HTTP/2.0");
        assertThat(body.get("method").asText()).isEqualTo("PUT");
        assertThat(body.get("path").asText()).isEqualTo("/h2/path");
        assertThat(body.get("query").asText()).isEqualTo("a=b");
        assertThat(body.get("body").asText()).isEqualTo("h2 body");
        assertThat(body.get("headers").get("host").asText()).isEqualTo("example.com");
        assertThat(body.get("headers").get("x-multi").size()).isEqualTo(2);
        assertThat(body.get("headers").has("x-http2-stream-id")).isFalse();
      } finally {
        response.release();
      }
    }
  }

  @Test
  void http2StatusPathWorksToo() throws Exception {
    try (Http2PriorKnowledgeClient client = new Http2PriorKnowledgeClient(echo.address())) {
      FullHttpRequest request =
          new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/status/418");
      request.headers().set(HttpHeaderNames.HOST, "example.com");
      FullHttpResponse response = client.send(request).get(10, TimeUnit.SECONDS);
      try {
        assertThat(response.status().code()).isEqualTo(418);
      } finally {
        response.release();
      }
    }
  }

  @Test
  void statusSetByPostAppliesToLaterPlainRequestsUntilChangedBack() throws Exception {
    try (EchoServer failing =
        EchoServer.start(
            "failing", new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 503)) {
      URI base = URI.create("http://" + failing.hostAndPort());
      assertThat(get(base.resolve("/any")).statusCode()).isEqualTo(503);
      assertThat(get(base.resolve("/status/201")).statusCode()).isEqualTo(201);
      HttpResponse<String> set =
          http1.send(
              HttpRequest.newBuilder(base.resolve("/echo/status/200"))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(set.statusCode()).isEqualTo(204);
      assertThat(get(base.resolve("/any")).statusCode()).isEqualTo(200);
      HttpResponse<String> bad =
          http1.send(
              HttpRequest.newBuilder(base.resolve("/echo/status/99"))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(get(base.resolve("/any")).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aStatusOutsideTheRangeIsRefusedAtStart() {
    assertThatThrownBy(
            () ->
                EchoServer.start(
                    "x", new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 700))
        .hasMessageContaining("status 700");
  }

  private static HttpResponse<String> get(URI uri) throws Exception {
    return http1.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }
}
