package io.portico.proxy.runtime;

import static io.portico.proxy.fixture.Configs.forward;
import static io.portico.proxy.fixture.Configs.http1;
import static io.portico.proxy.fixture.Configs.httpListener;
import static io.portico.proxy.fixture.Configs.prefix;
import static io.portico.proxy.fixture.Configs.vhost;
import static org.assertj.core.api.Assertions.assertThat;

import io.portico.proxy.api.v1.ProxyConfig;
import io.portico.proxy.api.v1.RetryPolicy;
import io.portico.proxy.api.v1.Route;
import io.portico.proxy.api.v1.RoutePolicy;
import io.portico.proxy.fixture.EchoUpstream;
import io.portico.proxy.fixture.RawHttpClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retries that never send a request twice to an upstream that may have processed it. */
class UpstreamRetryTest {
  private ProxyRuntime runtime;

  @BeforeEach
  void start() {
    runtime = ProxyRuntime.builder().eventLoopThreads(1).build();
  }

  @AfterEach
  void stop() {
    runtime.close();
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void connectFailureIsRetriedOnAnotherEndpointWhenTheRouteAllowsRetries() throws IOException {
    try (EchoUpstream live = EchoUpstream.http1("live")) {
      Route route =
          forward("r", prefix("/"), "pair").toBuilder()
              .setPolicy(
                  RoutePolicy.newBuilder().setRetry(RetryPolicy.newBuilder().setNumRetries(1)))
              .build();
      ProxyConfig config =
          ProxyConfig.newBuilder()
              .setVersion("v1")
              .addClusters(http1("pair", closedPort(), live.port()))
              .addListeners(httpListener("http", 0, vhost("all", List.of("*"), route)))
              .build();
      assertThat(runtime.apply(config)).isEmpty();
      int port = runtime.listenerPort("http").orElseThrow();
      for (int i = 0; i < 4; i++) {
        assertThat(RawHttpClient.request(port, "h", "/").status()).isEqualTo(200);
      }
    }
  }

  @Test
  void withoutRetriesAndWithoutAnotherEndpointAConnectFailureIs503() throws IOException {
    ProxyConfig config =
        ProxyConfig.newBuilder()
            .setVersion("v1")
            .addClusters(http1("pair", closedPort()))
            .addListeners(
                httpListener(
                    "http", 0, vhost("all", List.of("*"), forward("r", prefix("/"), "pair"))))
            .build();
    assertThat(runtime.apply(config)).isEmpty();
    int port = runtime.listenerPort("http").orElseThrow();
    RawHttpClient.Response response = RawHttpClient.request(port, "h", "/");
    assertThat(response.status()).isEqualTo(503);
    assertThat(response.body()).isEqualTo("no healthy upstream");
  }

  @Test
  void staleKeepAliveConnectionIsRetriedForBodilessRequests() throws IOException {
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      Thread thread = new Thread(() -> serveOneRequestPerConnection(server), "one-shot-upstream");
      thread.setDaemon(true);
      thread.start();
      ProxyConfig config =
          ProxyConfig.newBuilder()
              .setVersion("v1")
              .addClusters(http1("flaky", server.getLocalPort()))
              .addListeners(
                  httpListener(
                      "http", 0, vhost("all", List.of("*"), forward("r", prefix("/"), "flaky"))))
              .build();
      assertThat(runtime.apply(config)).isEmpty();
      int port = runtime.listenerPort("http").orElseThrow();
      try (RawHttpClient client = RawHttpClient.connect(port)) {
        for (int i = 0; i < 3; i++) {
          RawHttpClient.Response response = client.get("h", "/" + i);
          assertThat(response.status()).isEqualTo(200);
          assertThat(response.body()).isEqualTo("ok");
        }
      }
    }
  }

  /**
   * Answers the first request of each connection (announcing keep-alive), then reads the second and
   * closes without answering, as an upstream whose idle timeout just passed.
   */
  private static void serveOneRequestPerConnection(ServerSocket server) {
    while (!server.isClosed()) {
      try (Socket socket = server.accept()) {
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
        readHead(in);
        OutputStream out = socket.getOutputStream();
        out.write(
            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok"
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        readHead(in);
      } catch (IOException e) {
        // server closed or peer gone: next connection
      }
    }
  }

  private static void readHead(BufferedReader in) throws IOException {
    String line;
    while ((line = in.readLine()) != null && !line.isEmpty()) {
      // skip the request head
    }
  }
}
