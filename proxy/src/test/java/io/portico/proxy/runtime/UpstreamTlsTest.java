package io.portico.proxy.runtime;

import static io.portico.proxy.fixture.Configs.cluster;
import static io.portico.proxy.fixture.Configs.forward;
import static io.portico.proxy.fixture.Configs.httpListener;
import static io.portico.proxy.fixture.Configs.identity;
import static io.portico.proxy.fixture.Configs.prefix;
import static io.portico.proxy.fixture.Configs.vhost;
import static io.portico.proxy.runtime.MutualTlsTest.meshCertificate;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.portico.proxy.api.v1.Cluster;
import io.portico.proxy.api.v1.DownstreamTls;
import io.portico.proxy.api.v1.Listener;
import io.portico.proxy.api.v1.ProxyConfig;
import io.portico.proxy.api.v1.RetryPolicy;
import io.portico.proxy.api.v1.Route;
import io.portico.proxy.api.v1.RoutePolicy;
import io.portico.proxy.api.v1.TcpListener;
import io.portico.proxy.api.v1.UpstreamProtocol;
import io.portico.proxy.api.v1.UpstreamTls;
import io.portico.proxy.api.v1.WeightedCluster;
import io.portico.proxy.fixture.EchoUpstream;
import io.portico.proxy.fixture.RawHttpClient;
import io.portico.testing.echo.TcpEchoServer;
import io.portico.testing.pki.IssuedCertificate;
import io.portico.testing.pki.TestPki;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Upstream mutual TLS (spec core.md §1.2, client side): the proxy presents its identity, verifies
 * the server's chain and that its certificate carries an expected URI SAN; a failure is a connect
 * failure (retried, then 503). The protocol inside TLS is the cluster's.
 */
class UpstreamTlsTest {
  private static final TestPki MESH = TestPki.create();
  private static final TestPki FOREIGN = TestPki.create();
  private static final IssuedCertificate GATEWAY =
      meshCertificate(MESH, "spiffe://default/gateway");
  private static final String BACKEND_URI = "spiffe://default/backend";

  private static EchoUpstream backend;
  private static EchoUpstream backendH2;
  private static EchoUpstream impostor;
  private static EchoUpstream foreign;
  private static EchoUpstream slow;
  private static TcpEchoServer tcpEcho;
  private static ProxyRuntime runtime;
  private static int edge;

  private static Cluster tlsCluster(
      String name, UpstreamProtocol protocol, UpstreamTls.Builder tls, int... ports) {
    return cluster(name, protocol, ports).toBuilder().setTls(tls).build();
  }

  private static UpstreamTls.Builder mesh(String... expectedUris) {
    return UpstreamTls.newBuilder()
        .setPresentIdentity(true)
        .addAlpn("kuma")
        .addAllExpectedUris(List.of(expectedUris));
  }

  private static Route route(String path, String cluster) {
    return forward(path, prefix(path), cluster);
  }

  @BeforeAll
  static void start() {
    java.security.cert.X509Certificate meshCa = MESH.caCertificate();
    backend = EchoUpstream.tls("backend", false, meshCertificate(MESH, BACKEND_URI), meshCa);
    backendH2 = EchoUpstream.tls("backend-h2", true, meshCertificate(MESH, BACKEND_URI), meshCa);
    impostor =
        EchoUpstream.tls("impostor", false, meshCertificate(MESH, "spiffe://default/x"), meshCa);
    foreign = EchoUpstream.tls("foreign", false, meshCertificate(FOREIGN, BACKEND_URI), null);
    slow = EchoUpstream.tls("slow", false, meshCertificate(MESH, BACKEND_URI), meshCa, 400);
    tcpEcho = TcpEchoServer.start();
    runtime = ProxyRuntime.builder().eventLoopThreads(2).build();
    Route retried =
        route("/retried", "mixed").toBuilder()
            .setPolicy(RoutePolicy.newBuilder().setRetry(RetryPolicy.newBuilder().setNumRetries(1)))
            .build();
    ProxyConfig.Builder config =
        ProxyConfig.newBuilder()
            .setVersion("v1")
            .setIdentity(identity(GATEWAY, MESH.caCertificatePem()))
            .addClusters(
                tlsCluster("match", UpstreamProtocol.HTTP1, mesh(BACKEND_URI), backend.port()))
            .addClusters(
                tlsCluster(
                    "mismatch",
                    UpstreamProtocol.HTTP1,
                    mesh("spiffe://default/other"),
                    backend.port()))
            .addClusters(
                tlsCluster(
                    "mixed",
                    UpstreamProtocol.HTTP1,
                    mesh(BACKEND_URI),
                    impostor.port(),
                    backend.port()))
            .addClusters(
                tlsCluster("h2", UpstreamProtocol.HTTP2, mesh(BACKEND_URI), backendH2.port()))
            .addClusters(
                tlsCluster(
                    "sni",
                    UpstreamProtocol.HTTP1,
                    mesh(BACKEND_URI).setSni("backend.svc.mesh"),
                    backend.port()))
            .addClusters(
                tlsCluster(
                    "untrusted", UpstreamProtocol.HTTP1, UpstreamTls.newBuilder(), foreign.port()))
            .addClusters(
                tlsCluster(
                    "skip",
                    UpstreamProtocol.HTTP1,
                    UpstreamTls.newBuilder().setSkipVerify(true),
                    foreign.port()))
            .addClusters(
                tlsCluster(
                    "own-ca",
                    UpstreamProtocol.HTTP1,
                    UpstreamTls.newBuilder().addTrustedCaPem(FOREIGN.caCertificatePem()),
                    foreign.port()))
            .addClusters(
                tlsCluster("slow", UpstreamProtocol.HTTP1, mesh(BACKEND_URI), slow.port())
                    .toBuilder()
                    .setIdleTimeout(com.google.protobuf.Duration.newBuilder().setNanos(100_000_000))
                    .build())
            .addClusters(cluster("tcp-echo", UpstreamProtocol.TCP, tcpEcho.port()))
            .addListeners(
                httpListener(
                    "edge",
                    0,
                    vhost(
                        "all",
                        List.of("*"),
                        route("/match", "match"),
                        route("/mismatch", "mismatch"),
                        retried,
                        route("/h2", "h2"),
                        route("/sni", "sni"),
                        route("/untrusted", "untrusted"),
                        route("/skip", "skip"),
                        route("/own-ca", "own-ca"),
                        route("/slow", "slow"))))
            .addListeners(
                tcpListener("tcp-in", "tcp-echo").toBuilder()
                    .setTls(
                        DownstreamTls.newBuilder()
                            .setUseIdentity(true)
                            .setRequireClientCertificate(true)));
    assertThat(runtime.apply(config.build())).isEmpty();
    int tcpIn = runtime.listenerPort("tcp-in").orElseThrow();
    config
        .setVersion("v2")
        .addClusters(
            tlsCluster(
                "tcp-in",
                UpstreamProtocol.TCP,
                mesh("spiffe://default/gateway").setSni("tcp.mesh"),
                tcpIn))
        .addListeners(tcpListener("tcp-out", "tcp-in"));
    assertThat(runtime.apply(config.build())).isEmpty();
    edge = runtime.listenerPort("edge").orElseThrow();
  }

  private static Listener tcpListener(String name, String cluster) {
    return Listener.newBuilder()
        .setName(name)
        .setAddress("127.0.0.1")
        .setPort(0)
        .setTcp(
            TcpListener.newBuilder()
                .addClusters(WeightedCluster.newBuilder().setCluster(cluster).setWeight(1)))
        .build();
  }

  @AfterAll
  static void stop() {
    runtime.close();
    for (EchoUpstream echo : List.of(backend, backendH2, impostor, foreign, slow)) {
      echo.close();
    }
    tcpEcho.close();
  }

  private static RawHttpClient.Response get(String path) {
    return RawHttpClient.request(edge, "h", path);
  }

  @Test
  void expectedUriMatchesAndTheServerGetsTheIdentity() {
    RawHttpClient.Response response = get("/match");
    assertThat(response.status()).isEqualTo(200);
    JsonNode echo = EchoUpstream.parse(response.body());
    assertThat(echo.at("/server").asText()).isEqualTo("backend");
    assertThat(echo.at("/client_uris/0").asText()).isEqualTo("spiffe://default/gateway");
    assertThat(echo.at("/client_serial").asText())
        .isEqualTo(GATEWAY.certificate().getSerialNumber().toString(16));
  }

  @Test
  void keepAliveUpstreamTlsConnectionsAreReused() {
    int before = backend.connections();
    for (int i = 0; i < 5; i++) {
      assertThat(get("/match").status()).isEqualTo(200);
    }
    assertThat(backend.connections() - before).isLessThanOrEqualTo(2);
  }

  @Test
  void expectedUriMismatchIsA503() {
    RawHttpClient.Response response = get("/mismatch");
    assertThat(response.status()).isEqualTo(503);
    assertThat(response.body()).isEqualTo("no healthy upstream");
  }

  @Test
  void uriMismatchIsRetriedOnAnotherEndpoint() {
    for (int i = 0; i < 4; i++) {
      RawHttpClient.Response response = get("/retried");
      assertThat(response.status()).isEqualTo(200);
      assertThat(EchoUpstream.parse(response.body()).at("/server").asText()).isEqualTo("backend");
    }
  }

  @Test
  void http2ClusterSpeaksHttp2InsideTls() {
    RawHttpClient.Response response = get("/h2");
    assertThat(response.status()).isEqualTo(200);
    JsonNode echo = EchoUpstream.parse(response.body());
    assertThat(echo.at("/protocol").asText()).isEqualTo("HTTP/2");
    assertThat(echo.at("/client_uris/0").asText()).isEqualTo("spiffe://default/gateway");
  }

  @Test
  void sniIsTheClustersWhenSet() {
    JsonNode echo = EchoUpstream.parse(get("/sni").body());
    assertThat(echo.at("/sni").asText()).isEqualTo("backend.svc.mesh");
  }

  @Test
  void serverOfAnUntrustedCaIsA503() {
    assertThat(get("/untrusted").status()).isEqualTo(503);
  }

  @Test
  void skipVerifyAcceptsAnyServer() {
    RawHttpClient.Response response = get("/skip");
    assertThat(response.status()).isEqualTo(200);
    assertThat(EchoUpstream.parse(response.body()).at("/client_serial").asText()).isEmpty();
  }

  @Test
  void clusterCaReplacesTheIdentitysCas() {
    assertThat(get("/own-ca").status()).isEqualTo(200);
  }

  @Test
  void tcpClusterRelaysInsideMutualTls() throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress("127.0.0.1", runtime.listenerPort("tcp-out").orElseThrow()), 5000);
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write("through two proxies\n".getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      assertThat(new String(in.readNBytes(20), StandardCharsets.US_ASCII))
          .isEqualTo("through two proxies\n");
    }
  }

  @Test
  void handshakeLongerThanTheIdleTimeoutIsNotCut() {
    // Idle timeout 100 ms, handshake starts after 400 ms: the connect timeout governs it.
    assertThat(get("/slow").status()).isEqualTo(200);
  }

  @Test
  void ipEndpointWithoutClusterSniSendsNoSni() {
    assertThat(EchoUpstream.parse(get("/match").body()).at("/sni").asText()).isEmpty();
  }
}
