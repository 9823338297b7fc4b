package io.portico.proxy.runtime;

import static io.portico.proxy.fixture.Configs.forward;
import static io.portico.proxy.fixture.Configs.http1;
import static io.portico.proxy.fixture.Configs.httpListener;
import static io.portico.proxy.fixture.Configs.prefix;
import static io.portico.proxy.fixture.Configs.vhost;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.portico.proxy.api.v1.HttpListener;
import io.portico.proxy.api.v1.Listener;
import io.portico.proxy.api.v1.ProxyConfig;
import io.portico.proxy.fixture.EchoUpstream;
import io.portico.proxy.fixture.Http2TestClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HTTP/2 downstream connections: streams are requests, failures stay on their stream, drains. */
class Http2DownstreamTest {
  private EchoUpstream upstream;
  private ProxyRuntime runtime;

  @BeforeEach
  void start() {
    upstream = EchoUpstream.http1("web");
    runtime = ProxyRuntime.builder().eventLoopThreads(1).build();
  }

  @AfterEach
  void stop() {
    runtime.close();
    upstream.close();
  }

  private ProxyConfig config(String version, boolean withH2Listener) {
    ProxyConfig.Builder config =
        ProxyConfig.newBuilder()
            .setVersion(version)
            .addClusters(http1("web", upstream.port()))
            .addListeners(
                httpListener(
                    "other", 0, vhost("all", List.of("*"), forward("r", prefix("/"), "web"))));
    if (withH2Listener) {
      Listener listener =
          httpListener("h2", 0, vhost("all", List.of("*"), forward("r", prefix("/"), "web")));
      config.addListeners(
          listener.toBuilder().setHttp(HttpListener.newBuilder(listener.getHttp()).setEdge(true)));
    }
    return config.build();
  }

  private static FullHttpRequest get(String path, String... headers) {
    FullHttpRequest request =
        new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path);
    request.headers().set(HttpHeaderNames.HOST, "h");
    for (int i = 0; i < headers.length; i += 2) {
      request.headers().set(headers[i], headers[i + 1]);
    }
    return request;
  }

  @Test
  void badRequestOnOneStreamLeavesTheConnectionServing() {
    assertThat(runtime.apply(config("v1", true))).isEmpty();
    try (Http2TestClient client =
        Http2TestClient.plaintext(runtime.listenerPort("h2").orElseThrow())) {
      // Edge listeners refuse header names with "_" (spec gateway.md §2.6).
      assertThat(client.send(get("/bad", "x_under", "1")).status().code()).isEqualTo(400);
      assertThat(client.send(get("/good")).status().code()).isEqualTo(200);
    }
  }

  @Test
  void edgeHttp2RequestsGetForwardedForAndProto() {
    assertThat(runtime.apply(config("v1", true))).isEmpty();
    try (Http2TestClient client =
        Http2TestClient.plaintext(runtime.listenerPort("h2").orElseThrow())) {
      FullHttpResponse response = client.send(get("/"));
      var echo = EchoUpstream.parse(response.content().toString(StandardCharsets.UTF_8));
      assertThat(echo.at("/headers/x-forwarded-for").asText()).isEqualTo("127.0.0.1");
      assertThat(echo.at("/headers/x-forwarded-proto").asText()).isEqualTo("http");
      assertThat(echo.at("/protocol").asText()).isEqualTo("HTTP/1.1");
    }
  }

  @Test
  void removedListenerLetsOpenStreamsFinishThenClosesTheConnection() throws Exception {
    assertThat(runtime.apply(config("v1", true))).isEmpty();
    try (Http2TestClient client =
        Http2TestClient.plaintext(runtime.listenerPort("h2").orElseThrow())) {
      CompletableFuture<FullHttpResponse> slow =
          CompletableFuture.supplyAsync(() -> client.send(get("/slow", "x-echo-delay-ms", "300")));
      Awaitility.await().until(() -> upstream.requests() == 1);
      assertThat(runtime.apply(config("v2", false))).isEmpty();
      assertThat(slow.get(10, TimeUnit.SECONDS).status().code()).isEqualTo(200);
      Awaitility.await().until(() -> runtime.listenerStats().of("h2").connectionsActive() == 0);
    }
  }
}
