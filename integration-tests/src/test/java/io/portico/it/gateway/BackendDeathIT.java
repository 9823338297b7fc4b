package io.portico.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portico.it.support.ControlPlaneProcess;
import io.portico.it.support.DataplaneProcess;
import io.portico.it.support.EchoProcess;
import io.portico.it.support.FreePorts;
import io.portico.it.support.GatewayClient;
import io.portico.it.support.MeshApi;
import io.portico.it.support.Shutdown;
import io.portico.it.support.SteadyLoad;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One instance of a service dies (SIGKILL of its process and of its sidecar) under steady load,
 * with nothing but the policies a new mesh gets (spec/core.md §1.6: Retry, Timeout, CircuitBreaker
 * without detectors, no health check): the gateway fails at most one request in a thousand.
 *
 * <p>What keeps it so (docs/proxy-data-plane.md, "When an endpoint dies"): requests cut before any
 * response byte are sent again to the other instance, the first refused connection takes the dead
 * instance out of load balancing on every event loop, and its pooled connections are dropped.
 *
 * <p>The sidecar is killed before the application so that the gateway sees the instance's address
 * die; an application dead behind a live sidecar is a sidecar answering 503, which the Retry policy
 * handles.
 */
class BackendDeathIT {
  /** Requests of the load; the kill comes after {@link #KILL_AFTER} of them were answered. */
  private static final int REQUESTS = 20_000;

  private static final int KILL_AFTER = 5_000;
  private static final int CONNECTIONS = 32;

  @TempDir static Path temp;
  static ControlPlaneProcess cp;
  static MeshApi api;
  static final List<AutoCloseable> running = new ArrayList<>();
  static int port;
  static EchoProcess echoB;
  static DataplaneProcess sidecarB;
  static DataplaneProcess gateway;

  @BeforeAll
  static void startMesh() {
    cp = ControlPlaneProcess.start(temp.resolve("cp"), Map.of());
    api = new MeshApi(cp);
    for (String policy :
        List.of(
            "/meshes/default/retries/retry-all-default",
            "/meshes/default/timeouts/timeout-all-default",
            "/meshes/default/circuit-breakers/circuit-breaker-all-default")) {
      await("default policy " + policy)
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(() -> api.get(policy) != null);
    }
    EchoProcess echoA = EchoProcess.http("a", temp.resolve("echo-a"));
    running.add(echoA);
    running.add(
        DataplaneProcess.sidecar(cp, api, temp, "backend-a", "backend", "http", echoA.port()));
    echoB = EchoProcess.http("b", temp.resolve("echo-b"));
    running.add(echoB);
    sidecarB =
        DataplaneProcess.sidecar(cp, api, temp, "backend-b", "backend", "http", echoB.port());
    running.add(sidecarB);
    port = FreePorts.next();
    api.apply(
        """
        type: MeshGateway
        mesh: default
        name: gw
        selectors:
          - match: {kuma.io/service: death-gateway}
        conf:
          listeners:
            - port: %d
              protocol: HTTP
        """
            .formatted(port));
    api.apply(
        """
        type: MeshGatewayRoute
        mesh: default
        name: backend
        selectors:
          - match: {kuma.io/service: death-gateway}
        conf:
          http:
            rules:
              - matches: [{path: {match: PREFIX, value: /}}]
                backends:
                  - destination: {kuma.io/service: backend}
        """);
    gateway = DataplaneProcess.builtinGateway(cp, api, temp, "gw-1", "death-gateway");
    running.add(gateway);
  }

  @AfterAll
  static void stopMesh() throws Exception {
    Shutdown.all(running, cp);
  }

  @Test
  void killingOneOfTwoInstancesUnderSteadyLoadFailsAtMostOnePerMille() throws Exception {
    GatewayClient client = new GatewayClient();
    for (String instance : List.of("a", "b")) {
      await("gateway serving from " + instance)
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> instance.equals(client.get(port, "h", "/probe").instance()));
    }

    SteadyLoad load = SteadyLoad.start(CONNECTIONS, port, "h", "/load", REQUESTS);
    await("requests answered before the kill")
        .atMost(Duration.ofMinutes(5))
        .until(() -> load.completed() >= KILL_AFTER);
    int aAtKill = load.answeredBy("a");
    int bAtKill = load.answeredBy("b");
    int failedAtKill = load.failures().size();
    long killedAt = System.nanoTime();
    sidecarB.program().kill();
    echoB.program().kill();
    assertThat(load.awaitEnd(Duration.ofMinutes(10))).as("the load ended").isTrue();

    int answered = load.completed();
    List<String> failures = load.failures();
    double rate = 100.0 * failures.size() / answered;
    long lastFailure = load.lastFailureNanos();
    System.out.printf(
        "BackendDeathIT: %d of %d requests failed (%.3f %%), %d before the kill, the last %s;"
            + " after the kill a answered %d, b answered %d%n",
        failures.size(),
        answered,
        rate,
        failedAtKill,
        lastFailure == 0
            ? "never"
            : Duration.ofNanos(lastFailure - killedAt).toMillis() + " ms after the kill began",
        load.answeredBy("a") - aAtKill,
        load.answeredBy("b") - bAtKill);
    failures.stream().distinct().limit(10).forEach(f -> System.out.println("  failure: " + f));
    JsonNode clusters = new ObjectMapper().readTree(gateway.admin("/clusters").body());
    for (JsonNode cluster : clusters.path("clusters")) {
      if (cluster.path("service").asText().equals("backend")) {
        System.out.printf(
            "  gateway cluster %s: %d endpoint(s) now, endpoints found unreachable %d,"
                + " retry overflows %d%n",
            cluster.path("name").asText(),
            cluster.path("endpoints").size(),
            cluster.path("unreachable_total").asLong(),
            cluster.path("circuit_breakers").path("rq_retry_overflow").asLong());
      }
    }
    assertThat(answered).isEqualTo(REQUESTS);
    assertThat(failures.size())
        .as("failed requests (%s)", failures.stream().distinct().limit(10).toList())
        .isLessThanOrEqualTo(REQUESTS / 1000);
  }
}
