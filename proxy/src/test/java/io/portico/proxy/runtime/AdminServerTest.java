package io.portico.proxy.runtime;

import static io.portico.proxy.fixture.Configs.forward;
import static io.portico.proxy.fixture.Configs.http1;
import static io.portico.proxy.fixture.Configs.httpListener;
import static io.portico.proxy.fixture.Configs.prefix;
import static io.portico.proxy.fixture.Configs.vhost;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.portico.proxy.api.v1.Admin;
import io.portico.proxy.api.v1.Identity;
import io.portico.proxy.api.v1.ProxyConfig;
import io.portico.proxy.fixture.EchoUpstream;
import io.portico.proxy.fixture.RawHttpClient;
import io.portico.testing.pki.IssuedCertificate;
import io.portico.testing.pki.TestPki;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin endpoints: /ready, /config_dump, /clusters. */
class AdminServerTest {
  private static final IssuedCertificate IDENTITY =
      TestPki.create().issueClient(List.of("spiffe://default/edge"));
  private ProxyRuntime runtime;
  private EchoUpstream upstream;

  @BeforeEach
  void start() {
    upstream = EchoUpstream.http1("web");
    runtime = ProxyRuntime.builder().eventLoopThreads(1).adminAddress("127.0.0.1", 0).build();
  }

  @AfterEach
  void stop() {
    runtime.close();
    upstream.close();
  }

  private int adminPort() {
    return runtime.adminAddress().orElseThrow().getPort();
  }

  private ProxyConfig config() {
    return ProxyConfig.newBuilder()
        .setVersion("v7")
        .setMesh("default")
        .setDataplane("edge-1")
        .setIdentity(
            Identity.newBuilder()
                .setCertificateChainPem(IDENTITY.certificatePem())
                .setPrivateKeyPem(IDENTITY.privateKeyPem())
                .addTrustedCaPem(IDENTITY.issuerPem()))
        .addClusters(http1("web", upstream.port()))
        .addListeners(
            httpListener("http", 0, vhost("all", List.of("*"), forward("r", prefix("/"), "web"))))
        .build();
  }

  @Test
  void readyIs503BeforeTheFirstConfigAnd200After() {
    RawHttpClient.Response before = RawHttpClient.request(adminPort(), "admin", "/ready");
    assertThat(before.status()).isEqualTo(503);
    assertThat(runtime.apply(config())).isEmpty();
    RawHttpClient.Response after = RawHttpClient.request(adminPort(), "admin", "/ready");
    assertThat(after.status()).isEqualTo(200);
    assertThat(after.body()).isEqualTo("LIVE\n");
  }

  @Test
  void configDumpShowsTheActiveConfigWithoutPrivateKeys() {
    assertThat(runtime.apply(config())).isEmpty();
    RawHttpClient.Response dump = RawHttpClient.request(adminPort(), "admin", "/config_dump");
    assertThat(dump.status()).isEqualTo(200);
    JsonNode json = EchoUpstream.parse(dump.body());
    assertThat(json.at("/version").asText()).isEqualTo("v7");
    assertThat(json.at("/listeners/0/name").asText()).isEqualTo("http");
    assertThat(dump.body()).doesNotContain("PRIVATE KEY").contains("[redacted]");
  }

  @Test
  void clustersListEndpointsWithHealthAndCounters() {
    assertThat(runtime.apply(config())).isEmpty();
    int port = runtime.listenerPort("http").orElseThrow();
    assertThat(RawHttpClient.request(port, "h", "/").status()).isEqualTo(200);
    JsonNode clusters =
        EchoUpstream.parse(RawHttpClient.request(adminPort(), "admin", "/clusters").body());
    JsonNode endpoint = clusters.at("/clusters/0/endpoints/0");
    assertThat(clusters.at("/clusters/0/name").asText()).isEqualTo("web");
    assertThat(endpoint.at("/port").asInt()).isEqualTo(upstream.port());
    assertThat(endpoint.at("/health").asText()).isEqualTo("HEALTHY");
    assertThat(endpoint.at("/stats/rq_total").asLong()).isEqualTo(1);
    assertThat(endpoint.at("/stats/cx_total").asLong()).isEqualTo(1);
  }

  @Test
  void configNamingAnotherAdminAddressMovesTheAdminServer() throws Exception {
    int free;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      free = socket.getLocalPort();
    }
    ProxyConfig moved =
        config().toBuilder()
            .setAdmin(Admin.newBuilder().setAddress("127.0.0.1").setPort(free))
            .build();
    assertThat(runtime.apply(moved)).isEmpty();
    assertThat(adminPort()).isEqualTo(free);
    assertThat(RawHttpClient.request(free, "admin", "/ready").status()).isEqualTo(200);
  }

  /**
   * spec/core.md §2.5: the dataplane's address answers {@code /ready}, where a kubelet probes the
   * pod, and nothing else of the admin API.
   */
  @Test
  void theDataplanesAddressAnswersReadyAndNothingElse() throws Exception {
    int free;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      free = socket.getLocalPort();
    }
    ProxyConfig probed =
        config().toBuilder()
            .setAdmin(
                Admin.newBuilder()
                    .setAddress("127.0.0.1")
                    .setPort(free)
                    .setReadinessAddress("127.0.0.2"))
            .build();
    assertThat(runtime.apply(probed)).isEmpty();

    assertThat(runtime.readinessAddress().orElseThrow().getAddress().getHostAddress())
        .isEqualTo("127.0.0.2");
    assertThat(get("127.0.0.2", free, "/ready").status()).isEqualTo(200);
    assertThat(get("127.0.0.2", free, "/ready").body()).isEqualTo("LIVE\n");
    assertThat(get("127.0.0.2", free, "/config_dump").status()).isEqualTo(404);
    assertThat(get("127.0.0.2", free, "/clusters").status()).isEqualTo(404);
    assertThat(get("127.0.0.1", free, "/config_dump").status()).isEqualTo(200);

    assertThat(
            runtime.apply(
                config().toBuilder()
                    .setVersion("v8")
                    .setAdmin(probed.getAdmin().toBuilder().setReadinessAddress(""))
                    .build()))
        .isEmpty();
    assertThat(runtime.readinessAddress()).isEmpty();
    assertThatThrownBy(() -> get("127.0.0.2", free, "/ready"))
        .isInstanceOf(java.io.UncheckedIOException.class);
  }

  /** A readiness address this host does not have is left out; the config applies. */
  @Test
  void aReadinessAddressThatCannotBeBoundDoesNotStopTheConfig() throws Exception {
    int free;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      free = socket.getLocalPort();
    }
    // 192.0.2.0/24 is TEST-NET-1, on no interface of this host
    ProxyConfig elsewhere =
        config().toBuilder()
            .setAdmin(
                Admin.newBuilder()
                    .setAddress("127.0.0.1")
                    .setPort(free)
                    .setReadinessAddress("192.0.2.10"))
            .build();
    assertThat(runtime.apply(elsewhere)).isEmpty();
    assertThat(runtime.readinessAddress()).isEmpty();
    assertThat(RawHttpClient.request(free, "admin", "/ready").status()).isEqualTo(200);
  }

  private static RawHttpClient.Response get(String address, int port, String path) {
    try {
      java.net.Socket socket = new java.net.Socket();
      socket.connect(new java.net.InetSocketAddress(address, port), 5000);
      try (RawHttpClient client = RawHttpClient.over(socket)) {
        return client.get("admin", path);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void unknownAdminPathIs404() {
    assertThat(RawHttpClient.request(adminPort(), "admin", "/nope").status()).isEqualTo(404);
  }
}
