package io.portico.proxy.runtime;

import static io.portico.proxy.fixture.Configs.forward;
import static io.portico.proxy.fixture.Configs.http1;
import static io.portico.proxy.fixture.Configs.httpListener;
import static io.portico.proxy.fixture.Configs.prefix;
import static io.portico.proxy.fixture.Configs.vhost;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import io.portico.proxy.api.v1.ProxyConfig;
import io.portico.proxy.fixture.EchoUpstream;
import io.portico.proxy.fixture.RawHttpClient;
import io.portico.proxy.transport.Transport;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The gateway forwards the same on each kind of event-loop I/O: keep-alive requests, request bodies
 * and fresh connections, downstream and upstream, through a runtime started with that kind (skipped
 * where the kernel lacks it).
 */
class TransportKindTest {
  private static EchoUpstream upstream;

  @BeforeAll
  static void start() {
    upstream = EchoUpstream.http1("a");
  }

  @AfterAll
  static void stop() {
    upstream.close();
  }

  @ParameterizedTest
  @EnumSource(Transport.Kind.class)
  void requestsAreForwardedOnEachKindOfIo(Transport.Kind kind) {
    assumeTrue(
        kind != Transport.Kind.IO_URING || IoUring.isAvailable(),
        () -> "io_uring is not available here: " + IoUring.unavailabilityCause());
    assumeTrue(kind != Transport.Kind.EPOLL || Epoll.isAvailable(), "epoll is not available");
    try (ProxyRuntime runtime =
        ProxyRuntime.builder().eventLoopThreads(1).transport(kind).build()) {
      assertThat(runtime.transportKind()).isEqualTo(kind);
      ProxyConfig config =
          ProxyConfig.newBuilder()
              .setVersion("v1")
              .addClusters(http1("a", upstream.port()))
              .addListeners(
                  httpListener(
                      "edge", 0, vhost("web", List.of("*"), forward("all", prefix("/"), "a"))))
              .build();
      assertThat(runtime.apply(config)).isEmpty();
      int port = runtime.listenerPort("edge").orElseThrow();

      try (RawHttpClient client = RawHttpClient.connect(port)) {
        for (int i = 0; i < 20; i++) {
          RawHttpClient.Response response = client.get("shop.example.com", "/items/" + i);
          assertThat(response.status()).as(response.body()).isEqualTo(200);
          assertThat(EchoUpstream.parse(response.body()).at("/uri").asText())
              .isEqualTo("/items/" + i);
        }
        String body = "x".repeat(200_000);
        RawHttpClient.Response posted =
            client.exchange("POST", "shop.example.com", "/upload", body);
        assertThat(posted.status()).as(posted.body()).isEqualTo(200);
        JsonNode seen = EchoUpstream.parse(posted.body());
        assertThat(seen.at("/uri").asText()).isEqualTo("/upload");
        assertThat(seen.at("/body").asText()).isEqualTo(body);
      }
      for (int i = 0; i < 5; i++) {
        assertThat(RawHttpClient.request(port, "shop.example.com", "/fresh").status())
            .isEqualTo(200);
      }
    }
  }
}
