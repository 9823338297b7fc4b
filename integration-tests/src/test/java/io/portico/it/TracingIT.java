package io.portico.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.portico.it.support.ControlPlaneProcess;
import io.portico.it.support.DataplaneProcess;
import io.portico.it.support.EchoProcess;
import io.portico.it.support.FreePorts;
import io.portico.it.support.GatewayClient;
import io.portico.it.support.MeshApi;
import io.portico.it.support.Shutdown;
import java.net.InetSocketAddress;
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
 * TrafficTrace end to end (spec core.md §1.3, §3.4; gateway.md §4.1): a control plane, a builtin
 * gateway and a sidecar in front of an echo server, a Mesh whose zipkin backend is this test's
 * collector (a JDK HTTP server recording the POSTed spans) and a TrafficTrace selecting every
 * dataplane. A request with a given trace id gives a gateway span and a sidecar span of that trace,
 * the sidecar's the child of the gateway's, and the echo server sees the B3 headers of the
 * sidecar's span; deleting the TrafficTrace stops spans.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TracingIT {
  private static final String GATEWAY_SERVICE = "edge-gw";
  private static final String TRACE = "463ac35c9f6413ad";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path temp;
  static ControlPlaneProcess cp;
  static MeshApi api;
  static HttpServer collector;
  static final List<JsonNode> spans = new ArrayList<>();
  static final List<AutoCloseable> running = new ArrayList<>();
  static final GatewayClient client = new GatewayClient();
  static int port;

  @BeforeAll
  static void startMesh() throws Exception {
    collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    collector.createContext(
        "/api/v2/spans",
        exchange -> {
          try (exchange) {
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            synchronized (spans) {
              body.forEach(spans::add);
            }
            exchange.sendResponseHeaders(202, -1);
          }
        });
    collector.start();
    cp = ControlPlaneProcess.start(temp.resolve("cp"), Map.of());
    api = new MeshApi(cp);
    api.apply(
        """
        type: Mesh
        name: default
        tracing:
          defaultBackend: zipkin
          backends:
            - name: zipkin
              type: zipkin
              sampling: 100
              conf:
                url: http://127.0.0.1:%d/api/v2/spans
                sharedSpanContext: false
        """
            .formatted(collector.getAddress().getPort()));
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
    Shutdown.all(running, cp);
    if (collector != null) {
      collector.stop(0);
    }
  }

  private static List<JsonNode> spansOf(String traceId) {
    synchronized (spans) {
      return spans.stream().filter(s -> traceId.equals(s.path("traceId").asText())).toList();
    }
  }

  private static JsonNode spanOf(List<JsonNode> spans, String service) {
    return spans.stream()
        .filter(s -> service.equals(s.path("localEndpoint").path("serviceName").asText()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no span of " + service + " in " + spans));
  }

  @Test
  @Order(1)
  void aTracedRequestGivesLinkedGatewayAndSidecarSpansOfItsTrace() {
    api.apply(
        """
        type: TrafficTrace
        mesh: default
        name: trace-all
        selectors:
          - match: {kuma.io/service: '*'}
        """);
    GatewayClient.Response[] last = new GatewayClient.Response[1];
    await("spans of the gateway and the sidecar for trace " + TRACE)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(300))
        .until(
            () -> {
              last[0] =
                  client.send(
                      "GET", port, "shop.example", "/traced", Map.of("x-b3-traceid", TRACE));
              List<JsonNode> ofTrace = spansOf(TRACE);
              return ofTrace.stream()
                      .anyMatch(
                          s ->
                              "edge-gw"
                                  .equals(s.path("localEndpoint").path("serviceName").asText()))
                  && ofTrace.stream()
                      .anyMatch(
                          s ->
                              "backend"
                                  .equals(s.path("localEndpoint").path("serviceName").asText()));
            });
    // Once both proxies trace, one more request gives a clean pair to check.
    String trace = "0af7651916cd43dd";
    GatewayClient.Response response =
        client.send("GET", port, "shop.example", "/pair", Map.of("x-b3-traceid", trace));
    assertThat(response.status()).isEqualTo(200);
    await("two spans of trace " + trace)
        .atMost(Duration.ofSeconds(30))
        .until(() -> spansOf(trace).size() == 2);
    List<JsonNode> pair = spansOf(trace);
    JsonNode gateway = spanOf(pair, GATEWAY_SERVICE);
    JsonNode sidecar = spanOf(pair, "backend");
    assertThat(gateway.get("kind").asText()).isEqualTo("SERVER");
    assertThat(gateway.has("parentId")).isFalse();
    assertThat(gateway.get("tags").get("http.url").asText()).isEqualTo("http://shop.example/pair");
    assertThat(gateway.get("tags").get("http.status_code").asText()).isEqualTo("200");
    assertThat(gateway.get("tags").get("node_id").asText()).isEqualTo("edge-gw-1");
    assertThat(sidecar.get("kind").asText()).isEqualTo("SERVER");
    assertThat(sidecar.get("parentId").asText()).isEqualTo(gateway.get("id").asText());
    assertThat(sidecar.get("id").asText()).isNotEqualTo(gateway.get("id").asText());

    JsonNode upstream = response.echo().path("headers");
    assertThat(upstream.path("x-b3-traceid").asText()).isEqualTo(trace);
    assertThat(upstream.path("x-b3-spanid").asText()).isEqualTo(sidecar.get("id").asText());
    assertThat(upstream.path("x-b3-parentspanid").asText()).isEqualTo(gateway.get("id").asText());
    assertThat(upstream.path("x-b3-sampled").asText()).isEqualTo("1");
  }

  @Test
  @Order(2)
  void deletingTheTrafficTraceStopsSpans() {
    api.delete("/meshes/default/traffic-traces/trace-all");
    String[] trace = new String[1];
    int[] attempt = new int[1];
    await("requests without spans")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(300))
        .until(
            () -> {
              trace[0] = String.format("%016x", 0x1000L + attempt[0]++);
              GatewayClient.Response r =
                  client.send(
                      "GET", port, "shop.example", "/untraced", Map.of("x-b3-traceid", trace[0]));
              // Untraced proxies forward the client's headers as they are: no span id is added.
              return r.status() == 200
                  && r.echo().path("headers").path("x-b3-spanid").isMissingNode();
            });
    // A request that went through untraced proxies leaves no span, whatever the collector gets
    // later.
    String last = "00000000000fffff";
    GatewayClient.Response r =
        client.send("GET", port, "shop.example", "/untraced", Map.of("x-b3-traceid", last));
    assertThat(r.echo().path("headers").path("x-b3-spanid").isMissingNode()).isTrue();
    assertThat(spansOf(last)).isEmpty();
  }
}
