package io.portico.cp.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.portico.cp.ApiClient;
import io.portico.cp.ControlPlane;
import io.portico.cp.ReopenableStore;
import io.portico.cp.TestControlPlanes;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /healthy} and {@code /ready} of the diagnostics port (spec/core.md §5.7), and the control
 * plane's Prometheus metrics at {@code /metrics}.
 */
class DiagnosticsTest {
  @TempDir Path workDir;

  @Test
  void healthyAndReadyWhenTheControlPlaneRuns() {
    try (ControlPlane cp = TestControlPlanes.start(workDir, Map.of())) {
      ApiClient diag = new ApiClient("http://127.0.0.1:" + cp.ports().diagnostics());
      assertThat(diag.get("/healthy").statusCode()).isEqualTo(200);
      assertThat(diag.get("/ready").statusCode()).isEqualTo(200);
      assertThat(diag.get("/other").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void metricsAreServedInThePrometheusTextFormat() {
    try (ControlPlane cp = TestControlPlanes.start(workDir, Map.of())) {
      ApiClient diag = new ApiClient("http://127.0.0.1:" + cp.ports().diagnostics());
      var metrics = diag.get("/metrics");

      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("content-type").orElseThrow())
          .startsWith("text/plain; version=0.0.4");
      assertThat(metrics.body())
          .contains("portico_cp_connected_proxies 0.0")
          .contains("portico_cp_configs_acked_total 0.0")
          .contains("portico_cp_configs_nacked_total 0.0")
          .contains("portico_cp_config_compile_seconds_count 0")
          .contains("jvm_memory_used_bytes");
    }
  }

  @Test
  void notReadyWhileTheStoreIsUnreachable() {
    ReopenableStore store = new ReopenableStore();
    try (ControlPlane cp =
        ControlPlane.start(
            TestControlPlanes.config(workDir, Map.of()),
            TestControlPlanes.options().withStoreOpener(store.opener()))) {
      ApiClient diag = new ApiClient("http://127.0.0.1:" + cp.ports().diagnostics());
      assertThat(diag.get("/ready").statusCode()).isEqualTo(200);
      store.setUnreachable(true);
      assertThat(diag.get("/ready").statusCode()).isEqualTo(503);
      assertThat(diag.get("/healthy").statusCode()).isEqualTo(200);
      store.setUnreachable(false);
      assertThat(diag.get("/ready").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void readinessFollowsItsCheck() {
    AtomicBoolean ready = new AtomicBoolean(false);
    try (DiagnosticsServer server =
        DiagnosticsServer.start(new InetSocketAddress("127.0.0.1", 0), ready::get)) {
      ApiClient diag = new ApiClient("http://127.0.0.1:" + server.port());
      assertThat(diag.get("/ready").statusCode()).isEqualTo(503);
      ready.set(true);
      await().atMost(Duration.ofSeconds(5)).until(() -> diag.get("/ready").statusCode() == 200);
    }
  }
}
