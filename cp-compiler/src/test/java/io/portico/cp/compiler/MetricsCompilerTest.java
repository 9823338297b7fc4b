package io.portico.cp.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.mesh.api.Resource;
import io.portico.proxy.api.v1.MetricsAggregate;
import io.portico.proxy.api.v1.MetricsEndpoint;
import io.portico.proxy.api.v1.ProxyConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The mesh's Prometheus metrics backend (spec/core.md §1.3) in the config of each proxy. */
class MetricsCompilerTest {
  private static final String DATAPLANES =
      TestSnapshots.EDGE_GATEWAY
          + """
      type: Dataplane
      mesh: default
      name: web-1
      networking:
        address: 10.0.0.1
        inbound:
          - port: 18080
            servicePort: 8080
            tags: {kuma.io/service: web, kuma.io/protocol: http}
      """;

  private static final String PROMETHEUS_MESH =
      """
      type: Mesh
      name: default
      metrics:
        enabledBackend: prom
        backends:
          - name: other
            type: prometheus
            conf: {port: 1111}
          - name: prom
            type: prometheus
            conf:
              port: 5999
              path: /stats
              skipMTLS: true
      """;

  private static ProxyConfig compile(String yaml, String dataplane) {
    List<Resource<?>> resources = TestSnapshots.resources(yaml);
    return new ProxyConfigCompiler()
        .compile(TestSnapshots.snapshot(resources), TestSnapshots.dataplane(resources, dataplane));
  }

  @Test
  void enabledPrometheusBackendGivesGatewaysAnEndpointOnTheDataplaneAddress() {
    ProxyConfig config = compile(PROMETHEUS_MESH + "---\n" + DATAPLANES, "gw-1");

    assertThat(config.getMetrics())
        .isEqualTo(
            MetricsEndpoint.newBuilder()
                .setAddress("10.0.0.9")
                .setPort(5999)
                .setPath("/stats")
                .build());
  }

  @Test
  void enabledPrometheusBackendGivesSidecarsAnEndpointToo() {
    ProxyConfig config = compile(PROMETHEUS_MESH + "---\n" + DATAPLANES, "web-1");

    assertThat(config.getMetrics().getAddress()).isEqualTo("10.0.0.1");
    assertThat(config.getMetrics().getPort()).isEqualTo(5999);
  }

  @Test
  void backendWithoutConfUsesKumaDefaults() {
    String mesh =
        """
        type: Mesh
        name: default
        metrics:
          enabledBackend: prom
          backends:
            - name: prom
              type: prometheus
        """;
    ProxyConfig config = compile(mesh + "---\n" + DATAPLANES, "gw-1");

    assertThat(config.getMetrics().getPort()).isEqualTo(5670);
    assertThat(config.getMetrics().getPath()).isEqualTo("/metrics");
  }

  @Test
  void meshWithoutEnabledBackendHasNoEndpoint() {
    String mesh =
        """
        type: Mesh
        name: default
        metrics:
          backends:
            - name: prom
              type: prometheus
        """;
    ProxyConfig config = compile(mesh + "---\n" + DATAPLANES, "gw-1");

    assertThat(config.hasMetrics()).isFalse();
  }

  @Test
  void dataplaneMetricsOverrideTheMeshBackendFieldByField() {
    String dataplane =
        """
        type: Dataplane
        mesh: default
        name: api-1
        networking:
          address: 10.0.0.2
          inbound:
            - port: 18081
              servicePort: 8081
              tags: {kuma.io/service: api}
        metrics:
          type: prometheus
          conf: {port: 6001}
        """;
    ProxyConfig config =
        compile(PROMETHEUS_MESH + "---\n" + DATAPLANES + "---\n" + dataplane, "api-1");

    assertThat(config.getMetrics())
        .isEqualTo(
            MetricsEndpoint.newBuilder()
                .setAddress("10.0.0.2")
                .setPort(6001)
                .setPath("/stats")
                .build());
  }

  @Test
  void dataplaneMetricsAloneEnableItsEndpoint() {
    String dataplane =
        """
        type: Dataplane
        mesh: default
        name: api-1
        networking:
          address: 10.0.0.2
          inbound:
            - port: 18081
              servicePort: 8081
              tags: {kuma.io/service: api}
        metrics:
          type: prometheus
          conf: {path: custom}
        """;
    String mesh = "type: Mesh\nname: default\n";
    ProxyConfig own = compile(mesh + "---\n" + DATAPLANES + "---\n" + dataplane, "api-1");
    ProxyConfig other = compile(mesh + "---\n" + DATAPLANES + "---\n" + dataplane, "web-1");

    assertThat(own.getMetrics().getPort()).isEqualTo(5670);
    assertThat(own.getMetrics().getPath()).isEqualTo("/custom");
    assertThat(other.hasMetrics()).isFalse();
  }

  @Test
  void changingTheMetricsPortChangesTheConfigVersion() {
    ProxyConfig before = compile(PROMETHEUS_MESH + "---\n" + DATAPLANES, "gw-1");
    ProxyConfig after =
        compile(PROMETHEUS_MESH.replace("5999", "6000") + "---\n" + DATAPLANES, "gw-1");

    assertThat(after.getVersion()).isNotEqualTo(before.getVersion());
  }

  @Test
  void aggregateEndpointsComeFromTheMeshAndTheDataplaneReplacesThemByName() {
    String mesh =
        """
        type: Mesh
        name: default
        metrics:
          enabledBackend: prom
          backends:
            - name: prom
              type: prometheus
              conf:
                aggregate:
                  - {name: app, port: 8000, path: /app-metrics}
                  - {name: sidecar-app, port: 8001}
                  - {name: off, port: 8002, enabled: false}
        """;
    String dataplane =
        """
        type: Dataplane
        mesh: default
        name: api-1
        networking:
          address: 10.0.0.2
          inbound:
            - port: 18081
              servicePort: 8081
              tags: {kuma.io/service: api}
        metrics:
          type: prometheus
          conf:
            aggregate:
              - {name: app, port: 9000, path: stats}
              - {name: extra, port: 9001, path: /extra}
        """;
    ProxyConfig config = compile(mesh + "---\n" + DATAPLANES + "---\n" + dataplane, "api-1");

    assertThat(config.getMetrics().getAggregateList())
        .containsExactly(
            MetricsAggregate.newBuilder()
                .setName("app")
                .setAddress("10.0.0.2")
                .setPort(9000)
                .setPath("/stats")
                .build(),
            MetricsAggregate.newBuilder()
                .setName("sidecar-app")
                .setAddress("10.0.0.2")
                .setPort(8001)
                .setPath("/metrics")
                .build(),
            MetricsAggregate.newBuilder()
                .setName("extra")
                .setAddress("10.0.0.2")
                .setPort(9001)
                .setPath("/extra")
                .build());
  }
}
