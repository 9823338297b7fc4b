package io.portico.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectMeshesCommandTest {
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
    cp.seed("{\"type\":\"Mesh\",\"name\":\"demo\"}");
    cp.seed(dataplane("web-1"));
    cp.seed(dataplane("web-2"));
    cp.seed("{\"type\":\"TrafficPermission\",\"mesh\":\"default\",\"name\":\"tp-1\"}");
    cp.seed("{\"type\":\"TrafficPermission\",\"mesh\":\"default\",\"name\":\"tp-2\"}");
    cp.seed("{\"type\":\"TrafficRoute\",\"mesh\":\"default\",\"name\":\"route-all\"}");
    cp.seed("{\"type\":\"ExternalService\",\"mesh\":\"default\",\"name\":\"httpbin\"}");
    cp.seed("{\"type\":\"RateLimit\",\"mesh\":\"default\",\"name\":\"rl\"}");
    cp.markOnline("default", "web-1");
  }

  @AfterEach
  void stop() {
    cp.close();
  }

  private static String dataplane(String name) {
    return "{\"type\":\"Dataplane\",\"mesh\":\"default\",\"name\":\"" + name + "\"}";
  }

  @Test
  void countsComeFromMeshInsightsWhenServed() {
    cp.serveMeshInsights(true);

    CliRunner.Result result = cli.run("inspect", "meshes");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .isEqualTo(
"""
MESH      DATAPLANES   TRAFFIC PERMISSIONS   TRAFFIC ROUTES   CIRCUIT BREAKERS   HEALTH CHECKS   FAULT INJECTIONS   EXTERNAL SERVICES   TRAFFIC TRACES   TRAFFIC LOGS   PROXY TEMPLATES   RATE LIMITS
default   1/2          2                     1                0                  0               0                  1                   0                0              0                 1
demo      0/0          0                     0                0                  0               0                  0                   0                0              0                 0
""");
    assertThat(cp.requests())
        .extracting(FakeControlPlane.Request::target)
        .containsExactly("/mesh-insights?size=1000");
  }

  @Test
  void withoutInsightsCountsComeFromListTotals() {
    CliRunner.Result result = cli.run("inspect", "meshes");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .isEqualTo(
"""
MESH      DATAPLANES   TRAFFIC PERMISSIONS   TRAFFIC ROUTES   CIRCUIT BREAKERS   HEALTH CHECKS   FAULT INJECTIONS   EXTERNAL SERVICES   TRAFFIC TRACES   TRAFFIC LOGS   PROXY TEMPLATES   RATE LIMITS
default   0/2          2                     1                0                  0               0                  1                   0                0              0                 1
demo      0/0          0                     0                0                  0               0                  0                   0                0              0                 0
""");
    assertThat(cp.requests())
        .extracting(FakeControlPlane.Request::target)
        .contains("/meshes/default/traffic-permissions?size=1", "/meshes/demo/rate-limits?size=1");
  }

  @Test
  void jsonWithoutInsightsIsBuiltLikeTheInsightsList() {
    cp.seed("{\"type\":\"Mesh\",\"name\":\"zz\"}");

    CliRunner.Result result = cli.run("inspect", "meshes", "-o", "json");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains(
            """
                {
                  "type": "MeshInsight",
                  "name": "zz",
                  "dataplanes": {
                    "online": 0,
                    "total": 0
                  },
                  "policies": {
                    "CircuitBreaker": {
                      "total": 0
                    },\
            """)
        .startsWith("{\n  \"total\": 3,\n  \"items\": [\n")
        .endsWith("  ],\n  \"next\": null\n}\n");
  }
}
