package io.portico.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectDataplanesCommandTest {
  private static final Instant NOW = Instant.parse("2024-01-02T10:00:00Z");

  @TempDir Path home;
  private FakeControlPlane cp;
  private CliRunner cli;

  @BeforeEach
  void start() throws IOException {
    cp = FakeControlPlane.start(NOW);
    cli = new CliRunner(home, NOW);
    cli.useControlPlane(cp.address());
    cp.seed("{\"type\":\"Mesh\",\"name\":\"default\"}");
    cp.seed(
        "{\"type\":\"Dataplane\",\"mesh\":\"default\",\"name\":\"edge-1\",\"networking\":{"
            + "\"address\":\"10.0.0.1\",\"gateway\":{\"type\":\"BUILTIN\","
            + "\"tags\":{\"kuma.io/service\":\"edge-gateway\"}}}}");
    cp.seed(
        "{\"type\":\"Dataplane\",\"mesh\":\"default\",\"name\":\"web-1\",\"networking\":{"
            + "\"address\":\"10.0.0.2\",\"inbound\":["
            + "{\"port\":8080,\"tags\":{\"kuma.io/service\":\"web\",\"version\":\"v1\"}},"
            + "{\"port\":8081,\"health\":{\"ready\":false},"
            + "\"tags\":{\"kuma.io/service\":\"web-admin\"}}]}}");
    cp.seed(
        "{\"type\":\"Dataplane\",\"mesh\":\"default\",\"name\":\"web-2\",\"networking\":{"
            + "\"address\":\"10.0.0.3\",\"inbound\":["
            + "{\"port\":8080,\"tags\":{\"kuma.io/service\":\"web\"}}]}}");
    cp.seedInsight(
        "default",
        "edge-1",
        """
        {"subscriptions":[
          {"id":"a","controlPlaneInstanceId":"cp-1","connectTime":"2024-01-02T09:00:00Z",
           "disconnectTime":"2024-01-02T09:30:00Z",
           "status":{"lastUpdateTime":"2024-01-02T09:10:00Z",
                     "total":{"responsesSent":"4","responsesAcknowledged":"4"}},
           "version":{"porticoDp":{"version":"0.1.0"}}},
          {"id":"b","controlPlaneInstanceId":"cp-1","connectTime":"2024-01-02T09:58:00Z",
           "status":{"lastUpdateTime":"2024-01-02T09:59:55Z",
                     "total":{"responsesSent":"8","responsesAcknowledged":"7",
                              "responsesRejected":"1"}},
           "version":{"porticoDp":{"version":"0.2.0"}},
           "lastAckedVersion":"v7","lastNackedVersion":"v8",
           "lastNackError":"listeners[0].port: 8080 is in use"}]}
        """);
    cp.seedInsight(
        "default",
        "web-1",
        """
        {"subscriptions":[
          {"id":"c","controlPlaneInstanceId":"cp-1","connectTime":"2024-01-01T10:00:00Z",
           "status":{"lastUpdateTime":"2024-01-02T09:00:00Z",
                     "total":{"responsesSent":"2","responsesAcknowledged":"2"}},
           "version":{"porticoDp":{"version":"0.2.0"}}}]}
        """);
  }

  @AfterEach
  void stop() {
    cp.close();
  }

  @Test
  void tableHasKumactlColumnsWithStatusCountsVersionsAndNotes() {
    CliRunner.Result result = cli.run("inspect", "dataplanes");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .isEqualTo(
"""
MESH      NAME     TAGS                                       STATUS               LAST CONNECTED AGO   LAST UPDATED AGO   TOTAL UPDATES   TOTAL ERRORS   CERT REGENERATED AGO   CERT EXPIRATION   CERT REGENERATIONS   CERT BACKEND   SUPPORTED CERT BACKENDS   PORTICO-DP VERSION   ENVOY VERSION   DEPENDENCIES VERSIONS   NOTES
default   edge-1   kuma.io/service=edge-gateway               Online               2m                   5s                 12              1              never                  -                 0                    -              -                         0.2.0                -               -                       last config rejected: listeners[0].port: 8080 is in use
default   web-1    kuma.io/service=web,web-admin version=v1   Partially degraded   1d                   1h                 2               0              never                  -                 0                    -              -                         0.2.0                -               -                       inbound[port=8081,svc=web-admin] is not ready
default   web-2    kuma.io/service=web                        Offline              never                never              0               0              never                  -                 0                    -              -                         -                    -               -                      \s
""");
    assertThat(cp.requests())
        .extracting(FakeControlPlane.Request::target)
        .containsExactly("/meshes/default/dataplanes+insights?size=1000");
  }

  @Test
  void certificateColumnsComeFromTheInsightMtlsSection() {
    cp.seedInsight(
        "default",
        "web-2",
        """
        {"subscriptions":[
          {"id":"d","controlPlaneInstanceId":"cp-1","connectTime":"2024-01-02T09:00:00Z",
           "status":{"lastUpdateTime":"2024-01-02T09:00:00Z",
                     "total":{"responsesSent":"3","responsesAcknowledged":"3"}},
           "version":{"porticoDp":{"version":"0.2.0"}}}],
         "mTLS":{"certificateExpirationTime":"2024-01-03T09:58:00Z",
                 "lastCertificateRegeneration":"2024-01-02T09:58:00Z",
                 "certificateRegenerations":4,"issuedBackend":"ca-1",
                 "supportedBackends":["ca-1","ca-2"]}}
        """);

    CliRunner.Result result = cli.run("inspect", "dataplanes", "--tag", "kuma.io/service=web");

    String header = result.out().lines().findFirst().orElseThrow();
    String row =
        result.out().lines().filter(l -> l.startsWith("default   web-2")).findFirst().orElseThrow();
    int at = header.indexOf("CERT REGENERATED AGO");
    assertThat(row.substring(at).split(" {2,}"))
        .startsWith("2m", "2024-01-03 09:58:00", "4", "ca-1", "ca-1,ca-2", "0.2.0");
  }

  @Test
  void tagAndGatewayFlagsBecomeApiFilters() {
    CliRunner.Result gateways = cli.run("inspect", "dataplanes", "--gateway");
    CliRunner.Result tagged = cli.run("inspect", "dataplanes", "--tag", "version=v1");

    assertThat(gateways.out().lines().skip(1).map(l -> l.split(" +")[1]).toList())
        .containsExactly("edge-1");
    assertThat(tagged.out().lines().skip(1).map(l -> l.split(" +")[1]).toList())
        .containsExactly("web-1");
    assertThat(cp.requests())
        .extracting(FakeControlPlane.Request::target)
        .containsExactly(
            "/meshes/default/dataplanes+insights?gateway=true&size=1000",
            "/meshes/default/dataplanes+insights?tag=version%3Av1&size=1000");
  }

  @Test
  void jsonPrintsTheOverviewList() {
    CliRunner.Result result = cli.run("inspect", "dataplanes", "-o", "json");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .startsWith(
            "{\n  \"total\": 3,\n  \"items\": [\n    {\n      \"type\": \"DataplaneOverview\",")
        .contains("\"lastNackError\": \"listeners[0].port: 8080 is in use\"")
        .endsWith("  ],\n  \"next\": null\n}\n");
  }
}
