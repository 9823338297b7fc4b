package io.portico.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.portico.it.support.ControlPlaneProcess;
import io.portico.it.support.DataplaneProcess;
import io.portico.it.support.EchoProcess;
import io.portico.it.support.FreePorts;
import io.portico.it.support.GatewayClient;
import io.portico.it.support.MeshApi;
import io.portico.it.support.Shutdown;
import io.portico.it.support.SteadyLoad;
import java.net.InetAddress;
import java.net.ServerSocket;
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
 * Traffic under change: config swaps under steady load drop nothing, and the gateway keeps serving
 * while the control plane is down, then reconnects when it is back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResilienceIT {
  @TempDir static Path temp;
  static ControlPlaneProcess cp;
  static MeshApi api;
  static final List<AutoCloseable> running = new ArrayList<>();
  static int port;
  static DataplaneProcess gateway;

  @BeforeAll
  static void startMesh() {
    // A fixed DP server port, so that proxies find the control plane again after its restart.
    cp =
        ControlPlaneProcess.start(
            temp.resolve("cp"), Map.of("PORTICO_DP_SERVER_PORT", "" + FreePorts.next()));
    api = new MeshApi(cp);
    port = FreePorts.next();
    for (String svc : List.of("svc-a", "svc-b")) {
      EchoProcess echo = EchoProcess.http(svc.substring(4), temp.resolve(svc));
      running.add(echo);
      running.add(GatewayRoutingIT.sidecarOf(cp, api, temp, svc, echo.port()));
    }
    api.apply(
        """
        type: MeshGateway
        mesh: default
        name: gw
        selectors:
          - match: {kuma.io/service: resilient-gateway}
        conf:
          listeners:
            - port: %d
              protocol: HTTP
        """
            .formatted(port));
    route(1, 0);
    int admin = FreePorts.next();
    gateway =
        DataplaneProcess.start(
            cp,
            "gw-1",
            """
            type: Dataplane
            mesh: default
            name: gw-1
            networking:
              address: 127.0.0.1
              admin: {port: %d}
              gateway:
                type: BUILTIN
                tags: {kuma.io/service: resilient-gateway}
            """
                .formatted(admin),
            api.dataplaneToken("default", "gw-1"),
            admin,
            temp.resolve("gw"));
    running.add(gateway);
  }

  @AfterAll
  static void stopMesh() throws Exception {
    Shutdown.all(running, cp);
  }

  static void route(int weightA, int weightB) {
    api.apply(
        """
        type: MeshGatewayRoute
        mesh: default
        name: split
        selectors:
          - match: {kuma.io/service: resilient-gateway}
        conf:
          http:
            rules:
              - matches: [{path: {match: PREFIX, value: /}}]
                backends:
                  - {weight: %d, destination: {kuma.io/service: svc-a}}
                  - {weight: %d, destination: {kuma.io/service: svc-b}}
        """
            .formatted(weightA, weightB));
  }

  static void awaitServedBy(String instance) {
    GatewayClient client = new GatewayClient();
    await("gateway serving from " + instance)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> instance.equals(client.get(port, "h", "/probe").instance()));
  }

  @Test
  @Order(1)
  void swappingRouteWeightsUnderSteadyLoadFailsNoRequest() throws Exception {
    awaitServedBy("a");
    try (SteadyLoad load = SteadyLoad.start(4, port, "h", "/load", 20_000)) {
      for (int swap = 0; swap < 6; swap++) {
        boolean toB = swap % 2 == 0;
        route(toB ? 0 : 1, toB ? 1 : 0);
        awaitServedBy(toB ? "b" : "a");
      }
      int before = load.completed();
      await().until(() -> load.completed() > before + 200);
      load.close();
      assertThat(load.failures()).isEmpty();
      assertThat(load.answeredBy("a")).isPositive();
      assertThat(load.answeredBy("b")).isPositive();
    }
  }

  @Test
  @Order(2)
  void trafficKeepsFlowingWhileTheControlPlaneIsDownAndTheProxyReconnects() throws Exception {
    awaitServedBy("a");
    try (SteadyLoad load = SteadyLoad.start(2, port, "h", "/during-outage", 50_000)) {
      await().until(() -> load.completed() > 100);
      cp.program().stop();
      int atStop = load.completed();
      await("requests served with the control plane down")
          .atMost(Duration.ofSeconds(60))
          .until(() -> load.completed() > atStop + 300);
      assertThat(load.failures()).isEmpty();

      cp.restartProcess();
      // A change made after the restart reaches the gateway: it reconnected.
      route(0, 1);
      awaitServedBy("b");
      load.close();
      assertThat(load.failures()).isEmpty();
    }
    assertThat(
            api.get("/meshes/default/dataplanes+insights/gw-1")
                .path("dataplaneInsight")
                .path("subscriptions"))
        .hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  @Order(3)
  void aProxyWhosePortIsInUseBindsItOnceItIsFreed() throws Exception {
    int admin = FreePorts.next();
    DataplaneProcess late;
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String yaml =
          DataplaneProcess.sidecarYaml(
              "late-1", admin, taken.getLocalPort(), FreePorts.next(), "late", "http");
      late =
          DataplaneProcess.launch(
              cp,
              "late-1",
              yaml,
              api.dataplaneToken("default", "late-1"),
              admin,
              temp.resolve("late"),
              List.of());
      running.add(late);
      await("the refusal for the port in use")
          .atMost(Duration.ofSeconds(60))
          .until(() -> late.program().output().contains("applying it again later"));
      assertThat(late.admin("/ready").statusCode()).isEqualTo(503);
    }
    late.awaitReady();
    assertThat(late.program().output()).contains("cannot bind");
  }
}
