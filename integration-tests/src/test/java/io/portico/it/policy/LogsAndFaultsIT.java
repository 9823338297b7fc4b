package io.portico.it.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.portico.it.support.ControlPlaneProcess;
import io.portico.it.support.DataplaneProcess;
import io.portico.it.support.EchoProcess;
import io.portico.it.support.FreePorts;
import io.portico.it.support.GatewayClient;
import io.portico.it.support.MeshApi;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * TrafficLog and FaultInjection end to end (spec gateway.md §4.1, §4.5; core.md §1.3, §3.4): a
 * control plane, a builtin gateway and a sidecar in front of an echo server. The gateway writes one
 * access log line per request to the mesh's file or TCP logging backend; a FaultInjection whose
 * sources name the gateway service is applied by the sidecar's inbound.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LogsAndFaultsIT {
  private static final String GATEWAY_SERVICE = "edge-gw";

  @TempDir static Path temp;
  static ControlPlaneProcess cp;
  static MeshApi api;
  static final List<AutoCloseable> running = new ArrayList<>();
  static final GatewayClient client = new GatewayClient();
  static ServerSocket collector;
  static Path logFile;
  static int port;

  @BeforeAll
  static void startMesh() throws Exception {
    cp = ControlPlaneProcess.start(temp.resolve("cp"), Map.of());
    api = new MeshApi(cp);
    collector = new ServerSocket(0);
    collector.setSoTimeout(30_000);
    logFile = temp.resolve("logs").resolve("gateway-access.log");
    api.apply(
        """
        type: Mesh
        name: default
        logging:
          defaultBackend: file
          backends:
            - name: file
              type: file
              conf:
                path: %s
            - name: collector
              type: tcp
              format: '%%KUMA_SOURCE_SERVICE%% -> %%KUMA_DESTINATION_SERVICE%% %%REQ(:METHOD)%% %%REQ(:PATH)%% %%RESPONSE_CODE%%'
              conf:
                address: 127.0.0.1:%d
        """
            .formatted(logFile, collector.getLocalPort()));
    EchoProcess echo = EchoProcess.http("a", temp.resolve("echo"));
    running.add(echo);
    running.add(
        DataplaneProcess.sidecar(cp, api, temp, "backend-1", "backend", "http", echo.port()));
    port = FreePorts.next();
    api.apply(
        """
        type: MeshGateway
        mesh: default
        name: edge
        selectors:
          - match: {kuma.io/service: %s}
        conf:
          listeners:
            - port: %d
              protocol: HTTP
        """
            .formatted(GATEWAY_SERVICE, port));
    api.apply(
        """
        type: MeshGatewayRoute
        mesh: default
        name: edge-route
        selectors:
          - match: {kuma.io/service: %s}
        conf:
          http:
            rules:
              - matches: [{path: {match: PREFIX, value: /}}]
                backends:
                  - destination: {kuma.io/service: backend}
        """
            .formatted(GATEWAY_SERVICE));
    running.add(DataplaneProcess.builtinGateway(cp, api, temp, "edge-gw-1", GATEWAY_SERVICE));
    await("gateway serving from the echo server")
        .atMost(Duration.ofSeconds(30))
        .until(() -> "a".equals(client.get(port, "h", "/probe").instance()));
  }

  @AfterAll
  static void stopMesh() throws Exception {
    for (int i = running.size() - 1; i >= 0; i--) {
      running.get(i).close();
    }
    if (collector != null) {
      collector.close();
    }
    if (cp != null) {
      cp.close();
    }
  }

  private static void trafficLog(String backend) {
    api.apply(
        """
        type: TrafficLog
        mesh: default
        name: all-traffic
        sources:
          - match: {kuma.io/service: '*'}
        destinations:
          - match: {kuma.io/service: '*'}
        %s
        """
            .formatted(backend.isEmpty() ? "" : "conf:\n  backend: " + backend));
  }

  private static List<String> logLines() throws Exception {
    return Files.exists(logFile) ? Files.readAllLines(logFile) : List.of();
  }

  @Test
  @Order(1)
  void gatewayRequestsAreLinesOfTheDefaultFileBackend() throws Exception {
    trafficLog("");

    await("a line for the request in " + logFile)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              client.send("GET", port, "shop.example", "/logged?q=1", Map.of("User-Agent", "it/1"));
              return logLines().stream().anyMatch(l -> l.contains("/logged?q=1"));
            });
    String line =
        logLines().stream().filter(l -> l.contains("/logged?q=1")).findFirst().orElseThrow();
    // Kuma's default HTTP format: source = the gateway service, destination = * (§4.5).
    assertThat(line)
        .matches(
            "\\[\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z] default"
                + " \"GET /logged\\?q=1 HTTP/1.1\" 200 - 0 \\d+ \\d+ - \"127\\.0\\.0\\.1\" \"it/1\""
                + " \"-\" \"-\" \"shop.example\" \"edge-gw\" \"\\*\" \"127\\.0\\.0\\.1\""
                + " \"127\\.0\\.0\\.1:\\d+\"");
  }

  @Test
  @Order(2)
  void aTcpBackendSendsLinesToTheCollector() throws Exception {
    trafficLog("collector");

    Thread requests =
        new Thread(
            () -> {
              for (int i = 0; i < 300 && !Thread.currentThread().isInterrupted(); i++) {
                client.get(port, "h", "/to-collector");
                try {
                  Thread.sleep(100);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    requests.setDaemon(true);
    requests.start();
    try (Socket accepted = collector.accept();
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(accepted.getInputStream(), StandardCharsets.UTF_8))) {
      assertThat(in.readLine()).isEqualTo("edge-gw -> * GET /to-collector 200");
    } finally {
      requests.interrupt();
      requests.join(10_000);
    }
  }

  @Test
  @Order(3)
  void abortFaultFromTheGatewayAnswers500UntilDeleted() {
    api.apply(
        """
        type: FaultInjection
        mesh: default
        name: abort-gateway
        sources:
          - match: {kuma.io/service: %s}
        destinations:
          - match: {kuma.io/service: backend, kuma.io/protocol: http}
        conf:
          abort:
            httpStatus: 500
            percentage: 100
        """
            .formatted(GATEWAY_SERVICE));

    await("the sidecar aborts requests from the gateway")
        .atMost(Duration.ofSeconds(30))
        .until(() -> client.get(port, "h", "/abort").status() == 500);
    GatewayClient.Response aborted = client.get(port, "h", "/abort");
    assertThat(aborted.status()).isEqualTo(500);
    assertThat(aborted.body()).isEqualTo("fault filter abort");

    api.delete("/meshes/default/fault-injections/abort-gateway");
    await("requests pass again")
        .atMost(Duration.ofSeconds(30))
        .until(() -> client.get(port, "h", "/abort").status() == 200);
  }

  @Test
  @Order(4)
  void delayFaultHoldsRequestsAtLeastTheDelay() {
    api.apply(
        """
        type: FaultInjection
        mesh: default
        name: delay-gateway
        sources:
          - match: {kuma.io/service: %s}
        destinations:
          - match: {kuma.io/service: backend, kuma.io/protocol: http}
        conf:
          delay:
            value: 1s
            percentage: 100
        """
            .formatted(GATEWAY_SERVICE));

    // Only a lower bound: a delayed request takes at least the delay, and is then answered.
    await("requests from the gateway are delayed")
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              long start = System.nanoTime();
              GatewayClient.Response response = client.get(port, "h", "/delayed");
              return response.status() == 200
                  && System.nanoTime() - start >= Duration.ofSeconds(1).toNanos();
            });

    api.delete("/meshes/default/fault-injections/delay-gateway");
  }
}
