package io.portico.proxy.runtime;

import static io.portico.proxy.fixture.Configs.forward;
import static io.portico.proxy.fixture.Configs.http1;
import static io.portico.proxy.fixture.Configs.httpListener;
import static io.portico.proxy.fixture.Configs.identity;
import static io.portico.proxy.fixture.Configs.prefix;
import static io.portico.proxy.fixture.Configs.vhost;
import static io.portico.proxy.runtime.MutualTlsTest.meshCertificate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Duration;
import io.portico.proxy.api.v1.CircuitBreaker;
import io.portico.proxy.api.v1.Cluster;
import io.portico.proxy.api.v1.HealthCheck;
import io.portico.proxy.api.v1.Listener;
import io.portico.proxy.api.v1.OutlierDetection;
import io.portico.proxy.api.v1.ProxyConfig;
import io.portico.proxy.api.v1.TcpListener;
import io.portico.proxy.api.v1.UpstreamTls;
import io.portico.proxy.api.v1.WeightedCluster;
import io.portico.proxy.fixture.Configs;
import io.portico.proxy.fixture.EchoUpstream;
import io.portico.proxy.fixture.RawHttpClient;
import io.portico.proxy.upstream.UpstreamCluster;
import io.portico.testing.echo.TcpEchoServer;
import io.portico.testing.pki.TestPki;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cluster policies enforced by a running proxy: active health checks, circuit-breaker limits and
 * outlier detection (spec gateway.md §4.5), against echo upstreams on port 0.
 */
class ClusterPoliciesTest {
  private static final Duration CHECK_INTERVAL = Duration.newBuilder().setNanos(50_000_000).build();
  private static final Duration CHECK_TIMEOUT = Duration.newBuilder().setSeconds(1).build();

  private ProxyRuntime runtime;

  @BeforeEach
  void start() {
    runtime = ProxyRuntime.builder().eventLoopThreads(2).adminAddress("127.0.0.1", 0).build();
  }

  @AfterEach
  void stop() {
    runtime.close();
  }

  private int apply(Cluster cluster) {
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

  private static HealthCheck.Builder httpCheck() {
    return HealthCheck.newBuilder()
        .setInterval(CHECK_INTERVAL)
        .setTimeout(CHECK_TIMEOUT)
        .setUnhealthyThreshold(1)
        .setHealthyThreshold(1)
        .setHttpPath("/health");
  }

  private UpstreamCluster state() {
    return runtime.upstreamPools().stats().clusterOrNull("pair");
  }

  private static Set<String> servers(int port, int requests) {
    Set<String> servers = new HashSet<>();
    for (int i = 0; i < requests; i++) {
      RawHttpClient.Response response = RawHttpClient.request(port, "h", "/");
      servers.add(response.status() + ":" + response.header("x-upstream"));
    }
    return servers;
  }

  private String adminClusters() {
    int adminPort = runtime.adminAddress().orElseThrow().getPort();
    return RawHttpClient.request(adminPort, "admin", "/clusters").body();
  }

  @Test
  void httpHealthCheckTakesAFailingEndpointOutOfLoadBalancingAndBringsItBack() {
    try (EchoUpstream a = EchoUpstream.http1("a");
        EchoUpstream b = EchoUpstream.http1("b")) {
      b.answering(503);
      int port =
          apply(http1("pair", a.port(), b.port()).toBuilder().setHealthCheck(httpCheck()).build());
      await()
          .until(
              () ->
                  state().endpointState(endpointOf(a)).equals("HEALTHY")
                      && state().endpointState(endpointOf(b)).equals("UNHEALTHY"));
      assertThat(servers(port, 8)).containsExactly("200:a");
      assertThat(adminClusters())
          .contains("\"health\" : \"UNHEALTHY\"")
          .contains("\"path\" : \"/health\"");

      b.answering(200);
      await().until(() -> state().endpointState(endpointOf(b)).equals("HEALTHY"));
      assertThat(servers(port, 8)).containsExactlyInAnyOrder("200:a", "200:b");
    }
  }

  @Test
  void expectedStatusesDecideWhatPasses() {
    try (EchoUpstream a = EchoUpstream.http1("a");
        EchoUpstream b = EchoUpstream.http1("b")) {
      b.answering(204);
      int port =
          apply(
              http1("pair", a.port(), b.port()).toBuilder()
                  .setHealthCheck(httpCheck().addExpectedStatuses(204))
                  .build());
      await()
          .until(
              () ->
                  state().endpointState(endpointOf(b)).equals("HEALTHY")
                      && state().healthCheckCounts(endpointOf(a))[1] > 0);
      assertThat(state().endpointState(endpointOf(a))).isEqualTo("UNHEALTHY");
      assertThat(servers(port, 4)).containsExactly("204:b");
    }
  }

  @Test
  void tcpHealthCheckTakesAClosedPortOut() throws IOException {
    try (EchoUpstream a = EchoUpstream.http1("a")) {
      int closed = closedPort();
      int port =
          apply(
              http1("pair", a.port(), closed).toBuilder()
                  .setHealthCheck(httpCheck().clearHttpPath())
                  .build());
      await()
          .until(
              () ->
                  state().endpointState(endpointOf(a)).equals("HEALTHY")
                      && state()
                              .healthCheckCounts(
                                  new java.net.InetSocketAddress("127.0.0.1", closed))[1]
                          > 0);
      assertThat(state().endpointState(new java.net.InetSocketAddress("127.0.0.1", closed)))
          .isEqualTo("UNHEALTHY");
      assertThat(servers(port, 6)).containsExactly("200:a");
    }
  }

  @Test
  void everyEndpointUnhealthyIsPanicAndTrafficStillFlows() {
    try (EchoUpstream a = EchoUpstream.http1("a");
        EchoUpstream b = EchoUpstream.http1("b")) {
      a.answering(500);
      b.answering(500);
      int port =
          apply(http1("pair", a.port(), b.port()).toBuilder().setHealthCheck(httpCheck()).build());
      await()
          .until(
              () ->
                  state().healthCheckCounts(endpointOf(a))[1] > 0
                      && state().healthCheckCounts(endpointOf(b))[1] > 0);
      assertThat(servers(port, 4)).containsExactlyInAnyOrder("500:a", "500:b");
    }
  }

  @Test
  void configSwapOfTheSameClusterKeepsHealthState() {
    try (EchoUpstream a = EchoUpstream.http1("a");
        EchoUpstream b = EchoUpstream.http1("b")) {
      b.answering(503);
      Cluster cluster =
          http1("pair", a.port(), b.port()).toBuilder()
              .setHealthCheck(httpCheck().setInterval(Duration.newBuilder().setSeconds(3600)))
              .build();
      apply(cluster);
      await()
          .until(
              () ->
                  state().healthCheckCounts(endpointOf(b))[0] == 1
                      && state().healthCheckCounts(endpointOf(a))[0] == 1);
      UpstreamCluster before = state();
      int port =
          apply(cluster.toBuilder().setConnectTimeout(Duration.newBuilder().setSeconds(2)).build());
      // No check ran since (hourly), yet b is still known unhealthy.
      assertThat(state()).isSameAs(before);
      assertThat(state().endpointState(endpointOf(b))).isEqualTo("UNHEALTHY");
      assertThat(servers(port, 4)).containsExactly("200:a");
    }
  }

  @Test
  void requestsBeyondMaxRequestsAreAnswered503Overloaded() throws Exception {
    try (EchoUpstream a = EchoUpstream.http1("a")) {
      int port =
          apply(
              http1("pair", a.port()).toBuilder()
                  .setCircuitBreaker(CircuitBreaker.newBuilder().setMaxRequests(1))
                  .build());
      CompletableFuture<RawHttpClient.Response> slow =
          CompletableFuture.supplyAsync(
              () -> RawHttpClient.request(port, "h", "/", "x-echo-delay-ms: 1500"));
      await().until(() -> state() != null && state().requestsActive() == 1);
      RawHttpClient.Response overflow = RawHttpClient.request(port, "h", "/");
      assertThat(overflow.status()).isEqualTo(503);
      assertThat(overflow.header("x-envoy-overloaded")).isEqualTo("true");
      assertThat(overflow.body()).contains("circuit breaker");
      assertThat(slow.get().status()).isEqualTo(200);
      // The slot was released: the next request goes through.
      assertThat(RawHttpClient.request(port, "h", "/").status()).isEqualTo(200);
      assertThat(state().requestOverflows()).isEqualTo(1);
      assertThat(adminClusters()).contains("\"rq_overflow\" : 1");
    }
  }

  @Test
  void connectionsBeyondMaxConnectionsAreAnswered503() throws Exception {
    try (EchoUpstream a = EchoUpstream.http1("a")) {
      int port =
          apply(
              http1("pair", a.port()).toBuilder()
                  .setCircuitBreaker(CircuitBreaker.newBuilder().setMaxConnections(1))
                  .build());
      CompletableFuture<RawHttpClient.Response> slow =
          CompletableFuture.supplyAsync(
              () -> RawHttpClient.request(port, "h", "/", "x-echo-delay-ms: 1500"));
      await()
          .until(
              () ->
                  state() != null
                      && state().connectionsActive() == 1
                      && state().requestsActive() == 1);
      assertThat(RawHttpClient.request(port, "h", "/").status()).isEqualTo(503);
      assertThat(slow.get().status()).isEqualTo(200);
      assertThat(state().connectionOverflows()).isEqualTo(1);
    }
  }

  @Test
  void tcpConnectionsBeyondMaxConnectionsAreClosed() throws IOException {
    try (TcpEchoServer echo = TcpEchoServer.start()) {
      ProxyConfig config =
          ProxyConfig.newBuilder()
              .setVersion("tcp")
              .addClusters(
                  Configs.cluster("pair", io.portico.proxy.api.v1.UpstreamProtocol.TCP, echo.port())
                      .toBuilder()
                      .setCircuitBreaker(CircuitBreaker.newBuilder().setMaxConnections(1)))
              .addListeners(
                  Listener.newBuilder()
                      .setName("tcp")
                      .setAddress("127.0.0.1")
                      .setPort(0)
                      .setTcp(
                          TcpListener.newBuilder()
                              .addClusters(
                                  WeightedCluster.newBuilder().setCluster("pair").setWeight(1))))
              .build();
      assertThat(runtime.apply(config)).isEmpty();
      int port = runtime.listenerPort("tcp").orElseThrow();
      try (Socket first = new Socket("127.0.0.1", port)) {
        first.getOutputStream().write('a');
        assertThat(first.getInputStream().read()).isEqualTo('a');
        try (Socket second = new Socket("127.0.0.1", port)) {
          second.setSoTimeout(10_000);
          try {
            second.getOutputStream().write('b');
          } catch (java.net.SocketException e) {
            // closed by the proxy already
          }
          assertThat(readOrClosed(second)).isEqualTo(-1);
        }
      }
      await().until(() -> state().connectionsActive() == 0);
      try (Socket third = new Socket("127.0.0.1", port)) {
        third.getOutputStream().write('c');
        assertThat(third.getInputStream().read()).isEqualTo('c');
      }
      assertThat(state().connectionOverflows()).isGreaterThanOrEqualTo(1);
    }
  }

  @Test
  void consecutive5xxEjectAFailingEndpoint() {
    try (EchoUpstream a = EchoUpstream.http1("a");
        EchoUpstream b = EchoUpstream.http1("b")) {
      b.answering(500);
      int port =
          apply(
              http1("pair", a.port(), b.port()).toBuilder()
                  .setOutlierDetection(
                      OutlierDetection.newBuilder()
                          .setConsecutive5Xx(2)
                          .setMaxEjectionPercent(50)
                          .setBaseEjectionTime(Duration.newBuilder().setSeconds(3600)))
                  .build());
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        statuses.add(RawHttpClient.request(port, "h", "/").status());
      }
      assertThat(statuses).contains(500);
      assertThat(state().endpointState(endpointOf(b))).isEqualTo("EJECTED");
      assertThat(servers(port, 6)).containsExactly("200:a");
      assertThat(adminClusters()).contains("\"health\" : \"EJECTED\"");
    }
  }

  @Test
  void healthChecksOfAnMtlsClusterVerifyTheServerIdentity() {
    TestPki mesh = TestPki.create();
    String backendUri = "spiffe://default/backend";
    try (EchoUpstream backend =
            EchoUpstream.tls(
                "backend", false, meshCertificate(mesh, backendUri), mesh.caCertificate());
        EchoUpstream impostor =
            EchoUpstream.tls(
                "impostor",
                false,
                meshCertificate(mesh, "spiffe://default/other"),
                mesh.caCertificate())) {
      ProxyConfig config =
          ProxyConfig.newBuilder()
              .setVersion("tls")
              .setIdentity(
                  identity(meshCertificate(mesh, "spiffe://default/gw"), mesh.caCertificatePem()))
              .addClusters(
                  http1("pair", impostor.port(), backend.port()).toBuilder()
                      .setTls(
                          UpstreamTls.newBuilder()
                              .setPresentIdentity(true)
                              .addExpectedUris(backendUri))
                      .setHealthCheck(httpCheck()))
              .addListeners(
                  httpListener(
                      "http", 0, vhost("all", List.of("*"), forward("r", prefix("/"), "pair"))))
              .build();
      assertThat(runtime.apply(config)).isEmpty();
      int port = runtime.listenerPort("http").orElseThrow();
      await()
          .until(
              () ->
                  state().endpointState(endpointOf(backend)).equals("HEALTHY")
                      && state().healthCheckCounts(endpointOf(impostor))[1] > 0);
      assertThat(state().endpointState(endpointOf(impostor))).isEqualTo("UNHEALTHY");
      assertThat(backend.hosts()).contains("pair");
      assertThat(servers(port, 4)).containsExactly("200:backend");
    }
  }

  @Test
  void anInvalidHealthCheckIsRejectedWithItsPath() {
    ProxyConfig config =
        ProxyConfig.newBuilder()
            .setVersion("bad")
            .addClusters(
                http1("pair", 1).toBuilder()
                    .setHealthCheck(httpCheck().setUnhealthyThreshold(0).setHttpPath("health")))
            .build();
    assertThat(runtime.apply(config))
        .contains(
            "clusters[pair].health_check.unhealthy_threshold: must be greater than 0",
            "clusters[pair].health_check.http_path: must start with \"/\", got \"health\"");
  }

  @Test
  void anInvalidOutlierDetectionIsRejectedWithItsPath() {
    ProxyConfig config =
        ProxyConfig.newBuilder()
            .setVersion("bad")
            .addClusters(
                http1("pair", 1).toBuilder()
                    .setOutlierDetection(
                        OutlierDetection.newBuilder()
                            .setMaxEjectionPercent(101)
                            .setInterval(Duration.newBuilder().setSeconds(-1))))
            .build();
    assertThat(runtime.apply(config))
        .contains(
            "clusters[pair].outlier_detection.interval: must not be negative",
            "clusters[pair].outlier_detection.max_ejection_percent: must be in [0, 100], got 101");
  }

  /** The next byte, or -1 when the peer closed (or reset) the connection. */
  private static int readOrClosed(Socket socket) {
    try {
      return socket.getInputStream().read();
    } catch (java.net.SocketException e) {
      return -1;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static java.net.InetSocketAddress endpointOf(EchoUpstream upstream) {
    return new java.net.InetSocketAddress("127.0.0.1", upstream.port());
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
