package io.portico.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.portico.it.support.ControlPlaneProcess;
import io.portico.it.support.Curl;
import io.portico.it.support.DataplaneProcess;
import io.portico.it.support.EchoProcess;
import io.portico.it.support.FreePorts;
import io.portico.it.support.MeshApi;
import io.portico.it.support.Shutdown;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prometheus metrics end to end (spec/core.md §1.3): a Mesh with a {@code prometheus} backend, a
 * builtin gateway serving it on the mesh's port, a sidecar on its own Dataplane {@code metrics}
 * port; both scraped with curl. The port moves and metrics go off live; the control plane's own
 * metrics are scraped too.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsIT {
  @TempDir static Path temp;
  static ControlPlaneProcess cp;
  static MeshApi api;
  static final List<AutoCloseable> running = new ArrayList<>();
  static int gatewayPort;
  static int meshMetricsPort;
  static int sidecarMetricsPort;

  static String mesh(String metrics) {
    return """
        type: Mesh
        name: default
        %s
        """
        .formatted(metrics);
  }

  static String prometheus(int port) {
    return """
        metrics:
          enabledBackend: prom
          backends:
            - name: prom
              type: prometheus
              conf:
                port: %d
                path: /metrics
                skipMTLS: true
        """
        .formatted(port);
  }

  @BeforeAll
  static void startMesh() {
    cp = ControlPlaneProcess.start(temp.resolve("cp"), Map.of());
    api = new MeshApi(cp);
    gatewayPort = FreePorts.next();
    meshMetricsPort = FreePorts.next();
    sidecarMetricsPort = FreePorts.next();
    api.apply(mesh(prometheus(meshMetricsPort)));
    EchoProcess echo = EchoProcess.http("web-1", temp.resolve("echo-web-1"));
    running.add(echo);
    int admin = FreePorts.next();
    String sidecar =
        """
        type: Dataplane
        mesh: default
        name: web-1
        networking:
          address: 127.0.0.1
          admin: {port: %d}
          inbound:
            - port: %d
              servicePort: %d
              tags: {kuma.io/service: web, kuma.io/protocol: http}
        metrics:
          type: prometheus
          conf:
            port: %d
            aggregate:
              - {name: app, port: %d, path: /app-metrics}
        """
            .formatted(admin, FreePorts.next(), echo.port(), sidecarMetricsPort, echo.port());
    running.add(
        DataplaneProcess.start(
            cp,
            "web-1",
            sidecar,
            api.dataplaneToken("default", "web-1"),
            admin,
            temp.resolve("web-1")));
    api.apply(
        """
        type: MeshGateway
        mesh: default
        name: edge
        selectors:
          - match: {kuma.io/service: edge-gateway}
        conf:
          listeners:
            - port: %d
              protocol: HTTP
        ---
        type: MeshGatewayRoute
        mesh: default
        name: edge-routes
        selectors:
          - match: {kuma.io/service: edge-gateway}
        conf:
          http:
            rules:
              - matches: [{path: {match: PREFIX, value: /}}]
                backends: [{destination: {kuma.io/service: web}}]
        """
            .formatted(gatewayPort));
    running.add(DataplaneProcess.builtinGateway(cp, api, temp, "edge-1", "edge-gateway"));
  }

  @AfterAll
  static void stopMesh() throws Exception {
    Shutdown.all(running, cp);
  }

  /** The value of the first sample of {@code name} whose line holds every one of {@code labels}. */
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
    return Double.NaN;
  }

  static Curl.Result scrape(int port) {
    return Curl.get("http://127.0.0.1:" + port + "/metrics");
  }

  static Curl.Result gateway(String path) {
    return Curl.get("http://127.0.0.1:" + gatewayPort + path, "-H", "Host: example.com");
  }

  @Test
  @Order(1)
  void gatewayCountsItsRequestsByListenerAndStatusClass() {
    await().atMost(Duration.ofSeconds(30)).until(() -> gateway("/").status() == 200);
    double before = okRequests(scrape(meshMetricsPort).body());
    for (int i = 0; i < 5; i++) {
      assertThat(gateway("/hello/" + i).status()).isEqualTo(200);
    }

    Curl.Result scrape = scrape(meshMetricsPort);

    assertThat(scrape.status()).isEqualTo(200);
    assertThat(scrape.headers()).containsIgnoringCase("content-type: text/plain; version=0.0.4");
    assertThat(okRequests(scrape.body()) - before).isEqualTo(5);
    assertThat(scrape.body())
        .contains("envoy_http_downstream_rq_time_seconds_bucket")
        .contains("envoy_cluster_upstream_rq_total{envoy_cluster_name=\"web")
        .contains("jvm_memory_used_bytes");
  }

  static double okRequests(String body) {
    double value =
        sample(
            body,
            "envoy_http_downstream_rq_xx_total",
            "envoy_http_conn_manager_prefix=\"edge",
            "envoy_response_code_class=\"2\"");
    return Double.isNaN(value) ? 0 : value;
  }

  @Test
  @Order(2)
  void sidecarServesOnItsOwnDataplaneMetricsPort() {
    Curl.Result scrape = scrape(sidecarMetricsPort);

    assertThat(scrape.status()).isEqualTo(200);
    assertThat(
            sample(
                scrape.body(),
                "envoy_http_downstream_rq_total",
                "envoy_http_conn_manager_prefix=\"inbound"))
        .isGreaterThanOrEqualTo(5);
    // The application's answer on its aggregate path is appended (the echo server answers any
    // path with a description of the request).
    assertThat(scrape.body()).contains("\"path\":\"/app-metrics\"");
  }

  @Test
  @Order(3)
  void controlPlaneCountsItsProxiesAndTheirAcks() {
    Curl.Result scrape = Curl.get(cp.diagnosticsUrl() + "/metrics");

    assertThat(scrape.status()).isEqualTo(200);
    assertThat(sample(scrape.body(), "portico_cp_connected_proxies")).isEqualTo(2);
    assertThat(sample(scrape.body(), "portico_cp_configs_acked_total")).isGreaterThanOrEqualTo(2);
    assertThat(sample(scrape.body(), "portico_cp_config_compile_seconds_count"))
        .isGreaterThanOrEqualTo(2);
    assertThat(scrape.body()).contains("jvm_memory_used_bytes");
  }

  @Test
  @Order(4)
  void portChangesLiveAndMetricsTurnOff() {
    int moved = FreePorts.next();
    api.apply(mesh(prometheus(moved)));
    await().atMost(Duration.ofSeconds(30)).until(() -> scrape(moved).status() == 200);
    assertThat(scrape(meshMetricsPort).exitCode()).isNotZero();

    api.apply(mesh(""));
    await().atMost(Duration.ofSeconds(30)).until(() -> scrape(moved).exitCode() != 0);
    assertThat(gateway("/still-serving").status()).isEqualTo(200);
  }
}
