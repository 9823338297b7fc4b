package io.portico.proxy.runtime;

import static io.portico.proxy.fixture.Configs.forward;
import static io.portico.proxy.fixture.Configs.http1;
import static io.portico.proxy.fixture.Configs.httpListener;
import static io.portico.proxy.fixture.Configs.prefix;
import static io.portico.proxy.fixture.Configs.vhost;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.proxy.api.v1.MetricsEndpoint;
import io.portico.proxy.api.v1.ProxyConfig;
import io.portico.proxy.fixture.EchoUpstream;
import io.portico.proxy.fixture.RawHttpClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Prometheus endpoint of the config ({@code metrics}) and the meters it serves. */
class MetricsEndpointTest {
  private ProxyRuntime runtime;
  private EchoUpstream upstream;

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

  private ProxyConfig config(String version, MetricsEndpoint metrics) {
    ProxyConfig.Builder config =
        ProxyConfig.newBuilder()
            .setVersion(version)
            .setMesh("default")
            .setDataplane("edge-1")
            .addClusters(http1("web", upstream.port()))
            .addListeners(
                httpListener(
                    "http", 0, vhost("all", List.of("*"), forward("api", prefix("/api"), "web"))));
    if (metrics != null) {
      config.setMetrics(metrics);
    }
    return config.build();
  }

  private static MetricsEndpoint endpoint(int port, String path) {
    return MetricsEndpoint.newBuilder().setAddress("127.0.0.1").setPort(port).setPath(path).build();
  }

  private static io.portico.proxy.api.v1.MetricsAggregate aggregate(
      String name, String address, int port, String path) {
    return io.portico.proxy.api.v1.MetricsAggregate.newBuilder()
        .setName(name)
        .setAddress(address)
        .setPort(port)
        .setPath(path)
        .build();
  }

  private int metricsPort() {
    return runtime.metricsAddress().orElseThrow().getPort();
  }

  private int listenerPort() {
    return runtime.listenerPort("http").orElseThrow();
  }

  /** The value of the sample of {@code name} whose labels include every one of {@code labels}. */
  static double sample(String scrape, String name, String... labels) {
    for (String line : scrape.split("\n")) {
      if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
        continue;
      }
      boolean matches = true;
      for (String label : labels) {
        matches &= line.contains(label);
      }
      if (matches) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    throw new AssertionError("no sample " + name + " " + List.of(labels) + " in:\n" + scrape);
  }

  @Test
  void requestsAreCountedByStatusClassPerListener() {
    assertThat(runtime.apply(config("v1", endpoint(0, "/metrics")))).isEmpty();
    for (int i = 0; i < 3; i++) {
      assertThat(RawHttpClient.request(listenerPort(), "example.com", "/api/x").status())
          .isEqualTo(200);
    }
    assertThat(RawHttpClient.request(listenerPort(), "example.com", "/nowhere").status())
        .isEqualTo(404);

    RawHttpClient.Response scrape = RawHttpClient.request(metricsPort(), "prom", "/metrics");

    assertThat(scrape.status()).isEqualTo(200);
    assertThat(scrape.headers().get("content-type")).startsWith("text/plain; version=0.0.4");
    String body = scrape.body();
    String listener = "envoy_http_conn_manager_prefix=\"http\"";
    assertThat(sample(body, "envoy_http_downstream_rq_total", listener)).isEqualTo(4);
    assertThat(
            sample(
                body,
                "envoy_http_downstream_rq_xx_total",
                listener,
                "envoy_response_code_class=\"2\""))
        .isEqualTo(3);
    assertThat(
            sample(
                body,
                "envoy_http_downstream_rq_xx_total",
                listener,
                "envoy_response_code_class=\"4\""))
        .isEqualTo(1);
    assertThat(sample(body, "envoy_http_downstream_rq_time_seconds_count", listener)).isEqualTo(4);
    assertThat(
            sample(body, "envoy_listener_downstream_cx_total", "envoy_listener_address=\"http\""))
        .isEqualTo(4);
  }

  @Test
  void clusterCountersComeFromTheUpstreamState() {
    assertThat(runtime.apply(config("v1", endpoint(0, "/metrics")))).isEmpty();
    RawHttpClient.request(listenerPort(), "example.com", "/api/1");
    RawHttpClient.request(listenerPort(), "example.com", "/api/2");

    String body = RawHttpClient.request(metricsPort(), "prom", "/metrics").body();

    String cluster = "envoy_cluster_name=\"web\"";
    assertThat(sample(body, "envoy_cluster_upstream_rq_total", cluster)).isEqualTo(2);
    assertThat(sample(body, "envoy_cluster_membership_endpoints", cluster)).isEqualTo(1);
    assertThat(sample(body, "envoy_cluster_membership_healthy", cluster)).isEqualTo(1);
    assertThat(sample(body, "envoy_cluster_upstream_cx_connect_fail_total", cluster)).isZero();
    assertThat(body).contains("jvm_memory_used_bytes").contains("jvm_buffer_memory_used_bytes");
  }

  @Test
  void onlyTheConfiguredPathAnswers() {
    assertThat(runtime.apply(config("v1", endpoint(0, "/stats/prometheus")))).isEmpty();

    assertThat(RawHttpClient.request(metricsPort(), "prom", "/metrics").status()).isEqualTo(404);
    assertThat(RawHttpClient.request(metricsPort(), "prom", "/stats/prometheus").status())
        .isEqualTo(200);
  }

  @Test
  void newPathOnTheSameAddressKeepsTheSocket() throws IOException {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    assertThat(runtime.apply(config("v1", endpoint(port, "/metrics")))).isEmpty();
    assertThat(runtime.apply(config("v2", endpoint(port, "/other")))).isEmpty();

    assertThat(metricsPort()).isEqualTo(port);
    assertThat(RawHttpClient.request(port, "prom", "/other").status()).isEqualTo(200);
    assertThat(RawHttpClient.request(port, "prom", "/metrics").status()).isEqualTo(404);
  }

  @Test
  void portInUseIsNackedWithTheFieldAndTheLastGoodConfigKeepsServing() throws IOException {
    assertThat(runtime.apply(config("v1", endpoint(0, "/metrics")))).isEmpty();
    int before = metricsPort();
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      List<String> errors = runtime.apply(config("v2", endpoint(taken.getLocalPort(), "/metrics")));

      assertThat(errors)
          .singleElement()
          .asString()
          .startsWith("metrics: cannot bind 127.0.0.1:" + taken.getLocalPort());
    }
    assertThat(runtime.activeConfig().orElseThrow().getVersion()).isEqualTo("v1");
    assertThat(RawHttpClient.request(before, "prom", "/metrics").status()).isEqualTo(200);
  }

  @Test
  void configWithoutMetricsClosesTheEndpoint() {
    assertThat(runtime.apply(config("v1", endpoint(0, "/metrics")))).isEmpty();
    int port = metricsPort();

    assertThat(runtime.apply(config("v2", null))).isEmpty();

    assertThat(runtime.metricsAddress()).isEmpty();
    assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
        .isInstanceOf(IOException.class);
  }

  @Test
  void metricsOnAListenerPortIsRejected() throws IOException {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    ProxyConfig config =
        config("v1", endpoint(port, "/metrics")).toBuilder()
            .setListeners(
                0,
                httpListener(
                        "http",
                        port,
                        vhost("all", List.of("*"), forward("api", prefix("/api"), "web")))
                    .toBuilder()
                    .setAddress("0.0.0.0"))
            .build();

    assertThat(runtime.apply(config))
        .contains("metrics.port: 127.0.0.1:" + port + " is also the address of listener \"http\"");
  }

  @Test
  void metricsPathMustStartWithASlash() {
    assertThat(runtime.apply(config("v1", endpoint(0, "metrics"))))
        .containsExactly("metrics.path: must start with \"/\", got \"metrics\"");
  }

  @Test
  void applicationMetricsAreAppendedAndAFailingApplicationIsNamedInAComment() throws Exception {
    com.sun.net.httpserver.HttpServer app =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    app.createContext(
        "/app-metrics",
        exchange -> {
          byte[] body = "# TYPE app_hits_total counter\napp_hits_total 7".getBytes();
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    app.start();
    int closedPort;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = probe.getLocalPort();
    }
    try {
      MetricsEndpoint metrics =
          endpoint(0, "/metrics").toBuilder()
              .addAggregate(
                  aggregate("app", "127.0.0.1", app.getAddress().getPort(), "/app-metrics"))
              .addAggregate(aggregate("gone", "127.0.0.1", closedPort, "/metrics"))
              .build();
      assertThat(runtime.apply(config("v1", metrics))).isEmpty();

      RawHttpClient.Response scrape = RawHttpClient.request(metricsPort(), "prom", "/metrics");
      assertThat(scrape.status()).isEqualTo(200);
      assertThat(scrape.body())
          .contains("envoy_http_downstream_rq_total")
          .contains("\napp_hits_total 7\n")
          .contains("# aggregate gone: not scraped");
    } finally {
      app.stop(0);
    }
  }

  @Test
  void anInvalidAggregateIsRefusedNamingTheField() {
    MetricsEndpoint metrics =
        endpoint(0, "/metrics").toBuilder()
            .addAggregate(aggregate("app", "not-an-ip", 70000, "metrics"))
            .build();
    assertThat(runtime.apply(config("v1", metrics)))
        .anySatisfy(e -> assertThat(e).startsWith("metrics.aggregate[0].address"))
        .anySatisfy(e -> assertThat(e).startsWith("metrics.aggregate[0].port"))
        .anySatisfy(e -> assertThat(e).startsWith("metrics.aggregate[0].path"));
  }
}
