package io.portico.proxy.runtime;

import static io.portico.proxy.fixture.Configs.forward;
import static io.portico.proxy.fixture.Configs.http1;
import static io.portico.proxy.fixture.Configs.httpListener;
import static io.portico.proxy.fixture.Configs.prefix;
import static io.portico.proxy.fixture.Configs.vhost;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.portico.proxy.api.v1.Cluster;
import io.portico.proxy.api.v1.ProxyConfig;
import io.portico.proxy.config.UpstreamProtocol;
import io.portico.proxy.fixture.EchoUpstream;
import io.portico.proxy.fixture.FakeUpstream;
import io.portico.proxy.fixture.RawHttpClient;
import io.portico.proxy.upstream.EndpointKey;
import io.portico.proxy.upstream.UpstreamCluster;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An endpoint that dies under a running proxy, without any Retry policy or cluster policy: requests
 * the upstream cannot have processed, and idempotent ones cut before any response byte, go to the
 * other endpoint; the first refused connect takes the endpoint out of load balancing on every event
 * loop and drops the pooled connections to it, until it accepts connections again ("When an
 * endpoint dies" in docs/proxy-data-plane.md).
 */
class DeadEndpointTest {
  private ProxyRuntime runtime;

  @BeforeEach
  void start() {
    runtime = ProxyRuntime.builder().eventLoopThreads(2).build();
  }

  @AfterEach
  void stop() {
    runtime.close();
  }

  private int serve(Cluster cluster) {
    ProxyConfig config =
        ProxyConfig.newBuilder()
            .setVersion("v" + System.nanoTime())
            .addClusters(cluster)
            .addListeners(
                httpListener(
                    "http", 0, vhost("all", List.of("*"), forward("r", prefix("/"), "pair"))))
            .build();
    assertThat(runtime.apply(config)).isEmpty();
    return runtime.listenerPort("http").orElseThrow();
  }

  private UpstreamCluster state() {
    return runtime.upstreamPools().stats().clusterOrNull("pair");
  }

  private long connectFailures(int upstreamPort) {
    return runtime
        .upstreamPools()
        .stats()
        .snapshot(new EndpointKey(local(upstreamPort), UpstreamProtocol.HTTP1))
        .connectFailures();
  }

  private static InetSocketAddress local(int port) {
    return new InetSocketAddress("127.0.0.1", port);
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Status and {@code x-upstream} of {@code requests} GETs, each on a new connection. */
  private static Set<String> servers(int port, int requests) {
    Set<String> servers = new TreeSet<>();
    for (int i = 0; i < requests; i++) {
      RawHttpClient.Response response = RawHttpClient.request(port, "h", "/");
      servers.add(response.status() + ":" + response.header("x-upstream"));
    }
    return servers;
  }

  private static RawHttpClient.Response send(int port, String method, String body) {
    try (RawHttpClient client = RawHttpClient.connect(port)) {
      return client.exchange(method, "h", "/", body);
    }
  }

  @Test
  void aRefusedConnectIsSentToTheOtherEndpointWhateverTheMethod() throws IOException {
    try (EchoUpstream live = EchoUpstream.http1("live")) {
      int closed = closedPort();
      int port = serve(http1("pair", closed, live.port()));
      // Round-robin over two endpoints: at least one of the two requests is refused first.
      for (int i = 0; i < 2; i++) {
        RawHttpClient.Response response = send(port, "POST", "order-" + i);
        assertThat(response.status()).isEqualTo(200);
        assertThat(EchoUpstream.parse(response.body()).path("body").asText())
            .isEqualTo("order-" + i);
      }
      assertThat(connectFailures(closed)).isPositive();
      assertThat(servers(port, 4)).containsExactly("200:live");
    }
  }

  @Test
  void anIdempotentRequestCutBeforeItsResponseIsSentToTheOtherEndpoint() {
    try (FakeUpstream dropping = FakeUpstream.start("dropping", FakeUpstream.Mode.DROP);
        EchoUpstream live = EchoUpstream.http1("live")) {
      int port = serve(http1("pair", dropping.port(), live.port()));
      assertThat(servers(port, 4)).containsExactly("200:live");
      int dropped = dropping.requests();
      assertThat(dropped).isPositive();
      for (int i = 0; i < 2; i++) {
        RawHttpClient.Response response = send(port, "PUT", "state-" + i);
        assertThat(response.status()).isEqualTo(200);
        assertThat(EchoUpstream.parse(response.body()).path("body").asText())
            .isEqualTo("state-" + i);
      }
      assertThat(dropping.requests()).isGreaterThan(dropped);
    }
  }

  @Test
  void aPostWhoseBodyWasSentIsNotSentAgain() {
    try (FakeUpstream dropping = FakeUpstream.start("dropping", FakeUpstream.Mode.DROP);
        EchoUpstream live = EchoUpstream.http1("live")) {
      int port = serve(http1("pair", dropping.port(), live.port()));
      List<String> answers = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        RawHttpClient.Response response = send(port, "POST", "order-" + i);
        answers.add(response.status() + (response.status() == 200 ? "" : " " + response.body()));
      }
      assertThat(answers)
          .containsExactlyInAnyOrder("200", "503 upstream reset before response started");
      assertThat(dropping.requests()).isEqualTo(1);
      assertThat(live.requests()).isEqualTo(1);
    }
  }

  @Test
  void failoverStopsAfterTwoOtherEndpoints() throws IOException {
    int[] closed = {closedPort(), closedPort(), closedPort(), closedPort()};
    int port = serve(http1("pair", closed));
    RawHttpClient.Response response = RawHttpClient.request(port, "h", "/");
    assertThat(response.status()).isEqualTo(503);
    assertThat(response.body()).isEqualTo("no healthy upstream");
    long tries = 0;
    for (int p : closed) {
      tries += connectFailures(p);
    }
    assertThat(tries).isEqualTo(3);
  }

  @Test
  void afterOneRefusedConnectTheEndpointGetsNoRequestUntilItAcceptsConnectionsAgain() {
    try (EchoUpstream live = EchoUpstream.http1("live");
        FakeUpstream dying = FakeUpstream.start("dying", FakeUpstream.Mode.ANSWER)) {
      int port = serve(http1("pair", live.port(), dying.port()));
      assertThat(servers(port, 4)).containsExactly("200:dying", "200:live");

      dying.close();
      for (int i = 0;
          i < 10 && !state().endpointState(dying.address()).equals("UNREACHABLE");
          i++) {
        assertThat(servers(port, 1)).containsExactly("200:live");
      }
      assertThat(state().endpointState(dying.address())).isEqualTo("UNREACHABLE");
      long refused = connectFailures(dying.port());
      // New connections spread over both event loops: neither tries the endpoint again.
      assertThat(servers(port, 10)).containsExactly("200:live");
      assertThat(connectFailures(dying.port())).isEqualTo(refused);

      dying.listenAgain();
      await().until(() -> state().endpointState(dying.address()).equals("HEALTHY"));
      assertThat(servers(port, 4)).containsExactly("200:dying", "200:live");
    }
  }

  @Test
  void pooledConnectionsToAnEndpointFoundUnreachableAreClosedOnEveryEventLoop() {
    try (FakeUpstream dying = FakeUpstream.start("dying", FakeUpstream.Mode.ANSWER)) {
      int port = serve(http1("pair", dying.port()));
      try (RawHttpClient first = RawHttpClient.connect(port)) {
        assertThat(first.get("h", "/").status()).isEqualTo(200);
        assertThat(dying.accepted()).isEqualTo(1);
        // A second client connection on the other event loop, whose pool opens its own upstream
        // connection (one on the same loop would reuse the first).
        for (int i = 0; i < 10 && dying.accepted() < 2; i++) {
          try (RawHttpClient other = RawHttpClient.connect(port)) {
            assertThat(other.get("h", "/").status()).isEqualTo(200);
          }
        }
        assertThat(dying.accepted()).isEqualTo(2);

        // The endpoint goes away but for the second loop's pooled connection; the first loop
        // must connect, and is refused.
        dying.stopListening();
        dying.closeConnection(0);
        RawHttpClient.Response r = first.get("h", "/");
        assertThat(r.status()).as(r.toString()).isEqualTo(503);
        assertThat(state().endpointState(dying.address())).isEqualTo("UNREACHABLE");
        await().until(() -> dying.isClosedByProxy(1));
      }
    }
  }
}
