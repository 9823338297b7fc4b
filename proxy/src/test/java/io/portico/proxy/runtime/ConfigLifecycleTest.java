package io.portico.proxy.runtime;

import static io.portico.proxy.fixture.Configs.forward;
import static io.portico.proxy.fixture.Configs.http1;
import static io.portico.proxy.fixture.Configs.httpListener;
import static io.portico.proxy.fixture.Configs.prefix;
import static io.portico.proxy.fixture.Configs.regex;
import static io.portico.proxy.fixture.Configs.vhost;
import static org.assertj.core.api.Assertions.assertThat;

import io.portico.proxy.api.v1.Listener;
import io.portico.proxy.api.v1.ProxyConfig;
import io.portico.proxy.fixture.EchoUpstream;
import io.portico.proxy.fixture.RawHttpClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Applying configs: atomic swaps, rejections that keep the old config, listener reconciliation. */
class ConfigLifecycleTest {
  private ProxyRuntime runtime;
  private EchoUpstream blue;
  private EchoUpstream green;

  @BeforeEach
  void start() {
    blue = EchoUpstream.http1("blue");
    green = EchoUpstream.http1("green");
    runtime = ProxyRuntime.builder().eventLoopThreads(2).build();
  }

  @AfterEach
  void stop() {
    runtime.close();
    blue.close();
    green.close();
  }

  private ProxyConfig config(String version, String cluster, Listener... extra) {
    ProxyConfig.Builder config =
        ProxyConfig.newBuilder()
            .setVersion(version)
            .addClusters(http1("blue", blue.port()))
            .addClusters(http1("green", green.port()))
            .addListeners(
                httpListener(
                    "http", 0, vhost("all", List.of("*"), forward("r", prefix("/"), cluster))));
    for (Listener listener : extra) {
      config.addListeners(listener);
    }
    return config.build();
  }

  private static String server(int port) {
    RawHttpClient.Response response = RawHttpClient.request(port, "h", "/");
    assertThat(response.status()).isEqualTo(200);
    return EchoUpstream.parse(response.body()).at("/server").asText();
  }

  @Test
  void configSwapUnderLoadFailsNoRequest() throws Exception {
    assertThat(runtime.apply(config("v0", "blue"))).isEmpty();
    int port = runtime.listenerPort("http").orElseThrow();
    AtomicInteger failures = new AtomicInteger();
    AtomicInteger served = new AtomicInteger();
    ExecutorService clients = Executors.newFixedThreadPool(4);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      done.add(
          clients.submit(
              () -> {
                try (RawHttpClient client = RawHttpClient.connect(port)) {
                  for (int i = 0; i < 150; i++) {
                    RawHttpClient.Response response = client.get("h", "/load/" + i);
                    if (response.status() == 200) {
                      served.incrementAndGet();
                    } else {
                      failures.incrementAndGet();
                    }
                  }
                } catch (RuntimeException e) {
                  failures.incrementAndGet();
                }
              }));
    }
    for (int i = 1; i <= 6; i++) {
      assertThat(runtime.apply(config("v" + i, i % 2 == 0 ? "blue" : "green"))).isEmpty();
    }
    for (Future<?> f : done) {
      f.get(60, TimeUnit.SECONDS);
    }
    clients.shutdown();
    assertThat(failures.get()).isZero();
    assertThat(served.get()).isEqualTo(600);
    assertThat(runtime.listenerPort("http")).hasValue(port);
  }

  @Test
  void keepAliveConnectionPicksUpNewConfigOnNextRequest() {
    assertThat(runtime.apply(config("v1", "blue"))).isEmpty();
    int port = runtime.listenerPort("http").orElseThrow();
    try (RawHttpClient client = RawHttpClient.connect(port)) {
      assertThat(EchoUpstream.parse(client.get("h", "/").body()).at("/server").asText())
          .isEqualTo("blue");
      assertThat(runtime.apply(config("v2", "green"))).isEmpty();
      assertThat(EchoUpstream.parse(client.get("h", "/").body()).at("/server").asText())
          .isEqualTo("green");
    }
  }

  @Test
  void requestInFlightFinishesOnTheConfigItStartedWith() {
    assertThat(runtime.apply(config("v1", "blue"))).isEmpty();
    int port = runtime.listenerPort("http").orElseThrow();
    try (RawHttpClient client = RawHttpClient.connect(port)) {
      client.send("GET /slow HTTP/1.1\r\nHost: h\r\nx-echo-delay-ms: 300\r\n\r\n");
      Awaitility.await().until(() -> blue.requests() == 1);
      assertThat(runtime.apply(config("v2", "green"))).isEmpty();
      RawHttpClient.Response response = client.readResponse();
      assertThat(EchoUpstream.parse(response.body()).at("/server").asText()).isEqualTo("blue");
    }
  }

  @Test
  void invalidConfigIsRejectedWithEveryErrorAndOldConfigKeepsServing() {
    assertThat(runtime.apply(config("v1", "blue"))).isEmpty();
    int port = runtime.listenerPort("http").orElseThrow();
    ProxyConfig bad =
        config("v2", "missing").toBuilder()
            .addListeners(
                httpListener(
                    "http", 0, vhost("bad", List.of("*"), forward("re", regex("/a/(["), "blue"))))
            .addListeners(
                Listener.newBuilder().setName("no-protocol").setAddress("127.0.0.1").setPort(70000))
            .build();
    List<String> errors = runtime.apply(bad);
    assertThat(errors)
        .anySatisfy(e -> assertThat(e).contains("unknown cluster \"missing\""))
        .anySatisfy(e -> assertThat(e).contains("duplicate listener name \"http\""))
        .anySatisfy(e -> assertThat(e).contains("invalid regular expression \"/a/([\""))
        .anySatisfy(
            e ->
                assertThat(e)
                    .contains(
                        "listeners[no-protocol].port: must be in inclusive range [0, 65535], got 70000"))
        .anySatisfy(e -> assertThat(e).contains("listeners[no-protocol]: must have a protocol"));
    assertThat(runtime.activeConfig().orElseThrow().getVersion()).isEqualTo("v1");
    assertThat(server(port)).isEqualTo("blue");
    assertThat(runtime.lastRefusalIsTransient()).isFalse();
  }

  @Test
  void portInUseRejectsTheWholeConfigAndOldListenerKeepsServing() throws IOException {
    assertThat(runtime.apply(config("v1", "blue"))).isEmpty();
    int port = runtime.listenerPort("http").orElseThrow();
    try (ServerSocket taken =
        new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
      Listener clash =
          httpListener(
              "clash",
              taken.getLocalPort(),
              vhost("all", List.of("*"), forward("r", prefix("/"), "green")));
      Listener fresh =
          httpListener("fresh", 0, vhost("all", List.of("*"), forward("r", prefix("/"), "green")));
      List<String> errors = runtime.apply(config("v2", "green", fresh, clash));
      assertThat(errors).singleElement().asString().contains("listeners[clash]: cannot bind");
      assertThat(runtime.lastRefusalIsTransient()).isTrue();
    }
    assertThat(runtime.activeConfig().orElseThrow().getVersion()).isEqualTo("v1");
    assertThat(runtime.listenerPort("http")).hasValue(port);
    assertThat(runtime.listenerPort("fresh")).isEmpty();
    assertThat(server(port)).isEqualTo("blue");
  }

  @Test
  void unchangedListenerKeepsItsSocketAndRemovedListenerStopsAccepting() {
    Listener extra =
        httpListener("extra", 0, vhost("all", List.of("*"), forward("r", prefix("/"), "green")));
    assertThat(runtime.apply(config("v1", "blue", extra))).isEmpty();
    int port = runtime.listenerPort("http").orElseThrow();
    int extraPort = runtime.listenerPort("extra").orElseThrow();
    assertThat(server(extraPort)).isEqualTo("green");
    try (RawHttpClient idle = RawHttpClient.connect(extraPort)) {
      assertThat(idle.get("h", "/").status()).isEqualTo(200);
      assertThat(runtime.apply(config("v2", "blue"))).isEmpty();
      assertThat(runtime.listenerPort("http")).hasValue(port);
      // the idle keep-alive connection of the removed listener is closed
      assertThat(idle.isClosedByServer()).isTrue();
    }
    Awaitility.await().until(() -> !accepts(extraPort));
    assertThat(server(port)).isEqualTo("blue");
  }

  @Test
  void connectionsBeyondTheLimitAreClosed() throws Exception {
    Listener limited =
        httpListener("limited", 0, vhost("all", List.of("*"), forward("r", prefix("/"), "blue")))
            .toBuilder()
            .setConnectionLimit(2)
            .build();
    assertThat(runtime.apply(config("v1", "blue", limited))).isEmpty();
    int port = runtime.listenerPort("limited").orElseThrow();
    try (RawHttpClient first = RawHttpClient.connect(port);
        RawHttpClient second = RawHttpClient.connect(port)) {
      assertThat(first.get("h", "/").status()).isEqualTo(200);
      assertThat(second.get("h", "/").status()).isEqualTo(200);
      try (RawHttpClient third = RawHttpClient.connect(port)) {
        third.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(third.isClosedByServer()).isTrue();
      }
    }
    // slots are given back when connections close
    Awaitility.await()
        .untilAsserted(
            () -> {
              try (RawHttpClient again = RawHttpClient.connect(port)) {
                assertThat(again.get("h", "/").status()).isEqualTo(200);
              }
            });
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
