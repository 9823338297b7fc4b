package io.portico.it.policy;

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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CircuitBreaker and HealthCheck applied to the control plane and enforced by a running builtin
 * gateway (spec/gateway.md §4.1, §4.3, §4.5): services with two echo instances behind their own
 * sidecars. An active HTTP health check takes an instance whose check path fails out of load
 * balancing and brings it back; a {@code totalErrors} detector ejects an instance answering 500;
 * thresholds of 1 connection and 1 request answer a concurrent request 503.
 */
class ClusterPoliciesIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path temp;
  static ControlPlaneProcess cp;
  static MeshApi api;
  static final List<AutoCloseable> running = new ArrayList<>();
  static final GatewayClient client = new GatewayClient();
  static final Map<String, EchoProcess> echoes = new java.util.HashMap<>();
  static DataplaneProcess gateway;
  static int port;

  @BeforeAll
  static void startMesh() {
    cp = ControlPlaneProcess.start(temp.resolve("cp"), Map.of());
    api = new MeshApi(cp);
    port = FreePorts.next();
    for (String service : List.of("checked", "ejecting")) {
      for (String instance : List.of("1", "2")) {
        String name = service + "-" + instance;
        EchoProcess echo = EchoProcess.http(name, temp.resolve("echo-" + name));
        echoes.put(name, echo);
        running.add(echo);
        running.add(DataplaneProcess.sidecar(cp, api, temp, name, service, "http", echo.port()));
      }
    }
    EchoProcess limited = EchoProcess.http("limited-1", temp.resolve("echo-limited-1"));
    running.add(limited);
    running.add(
        DataplaneProcess.sidecar(cp, api, temp, "limited-1", "limited", "http", limited.port()));
    api.apply(
        """
        type: MeshGateway
        mesh: default
        name: policies-gw
        selectors:
          - match: {kuma.io/service: policies-gateway}
        conf:
          listeners:
            - port: %d
              protocol: HTTP
        ---
        type: MeshGatewayRoute
        mesh: default
        name: policies-routes
        selectors:
          - match: {kuma.io/service: policies-gateway}
        conf:
          http:
            rules:
              - matches: [{path: {match: PREFIX, value: /checked}}]
                backends: [{destination: {kuma.io/service: checked}}]
              - matches: [{path: {match: PREFIX, value: /ejecting}}]
                backends: [{destination: {kuma.io/service: ejecting}}]
              - matches: [{path: {match: PREFIX, value: /}}]
                backends: [{destination: {kuma.io/service: limited}}]
        ---
        type: HealthCheck
        mesh: default
        name: hc-checked
        sources:
          - match: {kuma.io/service: '*'}
        destinations:
          - match: {kuma.io/service: checked}
        conf:
          interval: 1s
          timeout: 2s
          unhealthyThreshold: 1
          healthyThreshold: 1
          http:
            path: /health
        ---
        type: CircuitBreaker
        mesh: default
        name: cb-ejecting
        sources:
          - match: {kuma.io/service: '*'}
        destinations:
          - match: {kuma.io/service: ejecting}
        conf:
          interval: 1s
          baseEjectionTime: 1h
          maxEjectionPercent: 50
          detectors:
            totalErrors:
              consecutive: 3
        ---
        type: CircuitBreaker
        mesh: default
        name: cb-limited
        sources:
          - match: {kuma.io/service: '*'}
        destinations:
          - match: {kuma.io/service: limited}
        conf:
          thresholds:
            maxConnections: 1
            maxPendingRequests: 1
            maxRequests: 1
        """
            .formatted(port));
    gateway = DataplaneProcess.builtinGateway(cp, api, temp, "policies-gw-1", "policies-gateway");
    running.add(gateway);
  }

  @AfterAll
  static void stopMesh() throws Exception {
    Shutdown.all(running, cp);
  }

  /** The gateway's cluster towards {@code service}, from its admin {@code /clusters}. */
  static JsonNode cluster(String service) {
    try {
      JsonNode root = JSON.readTree(gateway.admin("/clusters").body());
      for (JsonNode cluster : root.path("clusters")) {
        if (cluster.path("service").asText().equals(service)) {
          return cluster;
        }
      }
      return JSON.createObjectNode();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> endpointHealth(String service) {
    List<String> health = new ArrayList<>();
    for (JsonNode endpoint : cluster(service).path("endpoints")) {
      health.add(endpoint.path("health").asText());
    }
    health.sort(null);
    return health;
  }

  /** Requests served by each endpoint of the gateway's cluster, summed. */
  static long requestsOfEndpointsIn(String service, String health) {
    long total = 0;
    for (JsonNode endpoint : cluster(service).path("endpoints")) {
      if (endpoint.path("health").asText().equals(health)) {
        total += endpoint.path("stats").path("rq_total").asLong();
      }
    }
    return total;
  }

  static Set<String> answers(String path, int requests) {
    Set<String> answers = new HashSet<>();
    for (int i = 0; i < requests; i++) {
      GatewayClient.Response r = client.get(port, "example.com", path);
      answers.add(r.status() + ":" + r.instance());
    }
    return answers;
  }

  @Test
  void healthCheckTakesTheInstanceWhoseCheckFailsOutAndBringsItBack() {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> endpointHealth("checked").equals(List.of("HEALTHY", "HEALTHY")));
    echoes.get("checked-2").answer(503);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> endpointHealth("checked").equals(List.of("HEALTHY", "UNHEALTHY")));
    long before = requestsOfEndpointsIn("checked", "UNHEALTHY");
    assertThat(answers("/checked", 10)).containsExactly("200:checked-1");
    assertThat(requestsOfEndpointsIn("checked", "UNHEALTHY")).isEqualTo(before);
    assertThat(cluster("checked").path("health_check").path("path").asText()).isEqualTo("/health");

    echoes.get("checked-2").answer(200);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> endpointHealth("checked").equals(List.of("HEALTHY", "HEALTHY")));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> answers("/checked", 6).containsAll(Set.of("200:checked-1", "200:checked-2")));
  }

  @Test
  void totalErrorsDetectorEjectsTheFailingInstance() {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> cluster("ejecting").has("outlier_detection"));
    echoes.get("ejecting-2").answer(500);
    List<Integer> statuses = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              statuses.add(client.get(port, "example.com", "/ejecting").status());
              return endpointHealth("ejecting").equals(List.of("EJECTED", "HEALTHY"));
            });
    // The client saw the first few errors, then only the healthy instance answers.
    assertThat(statuses).contains(500);
    assertThat(answers("/ejecting", 10)).containsExactly("200:ejecting-1");
    assertThat(cluster("ejecting").path("outlier_detection").path("ejections_total").asLong())
        .isEqualTo(1);
  }

  @Test
  void requestsBeyondTheThresholdsAreAnswered503() throws Exception {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> cluster("limited").path("circuit_breakers").path("max_requests").asInt() == 1);
    CompletableFuture<GatewayClient.Response> slow =
        CompletableFuture.supplyAsync(() -> client.get(port, "example.com", "/delay/4000"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> cluster("limited").path("circuit_breakers").path("rq_active").asInt() == 1);
    GatewayClient.Response overflow = client.get(port, "example.com", "/delay/10");
    assertThat(overflow.status()).isEqualTo(503);
    assertThat(overflow.header("x-envoy-overloaded")).isEqualTo("true");
    assertThat(overflow.body()).contains("circuit breaker");
    assertThat(slow.get().status()).isEqualTo(200);
    assertThat(cluster("limited").path("circuit_breakers").path("rq_overflow").asLong())
        .isGreaterThanOrEqualTo(1);
    // Slots are released: a request after the slow one goes through.
    assertThat(client.get(port, "example.com", "/delay/10").status()).isEqualTo(200);
  }
}
