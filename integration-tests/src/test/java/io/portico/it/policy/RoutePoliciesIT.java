package io.portico.it.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.portico.it.support.ControlPlaneProcess;
import io.portico.it.support.DataplaneProcess;
import io.portico.it.support.EchoProcess;
import io.portico.it.support.FreePorts;
import io.portico.it.support.GatewayClient;
import io.portico.it.support.MeshApi;
import io.portico.it.support.Shutdown;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retry and RateLimit (spec/gateway.md §4.1, §4.4, §4.5) end to end: a real control plane, a
 * builtin gateway, sidecars and echo servers; the policies are applied as Kuma YAML and enforced by
 * the running proxies, and removing them lifts them live.
 *
 * <ul>
 *   <li>Service {@code flaky} has two instances, one answering 503: without a Retry (the mesh's
 *       default {@code retry-all-default} is deleted first) or with {@code retriableStatusCodes}
 *       not covering 503, clients see the 503; a Retry on {@code all_5xx} makes every request
 *       succeed on the other instance.
 *   <li>Service {@code limited}: a RateLimit of 3 per hour on the gateway route entry gives three
 *       200s, then 429 with the configured header from the gateway itself.
 *   <li>Service {@code guarded} ({@code version: v1}): a RateLimit whose destination selects the
 *       instance (so not the gateway route) is enforced by the destination sidecar for requests
 *       whose {@code x-kuma-tags} show the gateway, and not for other callers.
 * </ul>
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RoutePoliciesIT {
  @TempDir static Path temp;
  static ControlPlaneProcess cp;
  static MeshApi api;
  static final List<AutoCloseable> running = new ArrayList<>();
  static final GatewayClient client = new GatewayClient();
  static int port;
  static int guardedInboundPort;
  static DataplaneProcess gateway;
  static DataplaneProcess guardedSidecar;

  @BeforeAll
  static void startMesh() {
    cp = ControlPlaneProcess.start(temp.resolve("cp"), Map.of());
    api = new MeshApi(cp);
    // The mesh's default Retry would retry the 503s: this test wants to see them first.
    await("default Retry created")
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> api.get("/meshes/default/retries/retry-all-default") != null);
    api.delete("/meshes/default/retries/retry-all-default");

    port = FreePorts.next();
    EchoProcess good = EchoProcess.http("good", temp.resolve("good"));
    EchoProcess bad = EchoProcess.http("bad", temp.resolve("bad"), 503);
    EchoProcess limited = EchoProcess.http("limited", temp.resolve("limited"));
    EchoProcess guarded = EchoProcess.http("guarded", temp.resolve("guarded"));
    running.addAll(List.of(good, bad, limited, guarded));
    running.add(
        DataplaneProcess.sidecar(cp, api, temp, "flaky-good", "flaky", "http", good.port()));
    running.add(DataplaneProcess.sidecar(cp, api, temp, "flaky-bad", "flaky", "http", bad.port()));
    running.add(
        DataplaneProcess.sidecar(cp, api, temp, "limited-1", "limited", "http", limited.port()));
    guardedInboundPort = FreePorts.next();
    int guardedAdmin = FreePorts.next();
    guardedSidecar =
        DataplaneProcess.start(
            cp,
            "guarded-1",
            """
            type: Dataplane
            mesh: default
            name: guarded-1
            networking:
              address: 127.0.0.1
              admin: {port: %d}
              inbound:
                - port: %d
                  servicePort: %d
                  tags: {kuma.io/service: guarded, kuma.io/protocol: http, version: v1}
            """
                .formatted(guardedAdmin, guardedInboundPort, guarded.port()),
            api.dataplaneToken("default", "guarded-1"),
            guardedAdmin,
            temp.resolve("guarded-1"));
    running.add(guardedSidecar);

    api.apply(
        """
        type: MeshGateway
        mesh: default
        name: policy-gw
        selectors:
          - match: {kuma.io/service: policy-gateway}
        conf:
          listeners:
            - port: %d
              protocol: HTTP
        ---
        type: MeshGatewayRoute
        mesh: default
        name: policy-routes
        selectors:
          - match: {kuma.io/service: policy-gateway}
        conf:
          http:
            rules:
              - matches: [{path: {match: PREFIX, value: /flaky}}]
                backends: [{destination: {kuma.io/service: flaky}}]
              - matches: [{path: {match: PREFIX, value: /limited}}]
                backends: [{destination: {kuma.io/service: limited}}]
              - matches: [{path: {match: PREFIX, value: /guarded}}]
                backends: [{destination: {kuma.io/service: guarded}}]
        """
            .formatted(port));
    gateway = DataplaneProcess.builtinGateway(cp, api, temp, "gw-1", "policy-gateway");
    running.add(gateway);
  }

  @AfterAll
  static void stopMesh() throws Exception {
    Shutdown.all(running, cp);
  }

  private static void awaitConfig(DataplaneProcess proxy, String what, Predicate<String> dump) {
    await(what)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> dump.test(proxy.admin("/config_dump").body()));
  }

  private static List<GatewayClient.Response> send(String path, int count) {
    List<GatewayClient.Response> responses = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      responses.add(client.get(port, "h", path));
    }
    return responses;
  }

  private static List<Integer> statuses(List<GatewayClient.Response> responses) {
    return responses.stream().map(GatewayClient.Response::status).toList();
  }

  @Test
  @Order(1)
  void withoutARetryTheUpstreams503ReachesTheClient() {
    await("both flaky instances serve")
        .atMost(Duration.ofSeconds(30))
        .until(() -> statuses(send("/flaky", 4)).containsAll(List.of(200, 503)));
    assertThat(gateway.admin("/config_dump").body()).doesNotContain("\"retry\"");
    List<GatewayClient.Response> responses = send("/flaky", 10);
    assertThat(statuses(responses)).containsOnly(200, 503).contains(503);
    GatewayClient.Response failed =
        responses.stream().filter(r -> r.status() == 503).findFirst().orElseThrow();
    assertThat(failed.instance()).as("the echo's own 503").isEqualTo("bad");
  }

  @Test
  @Order(2)
  void aRetryWhoseStatusCodesDoNotCover503LetsItThrough() {
    api.apply(
        """
        type: Retry
        mesh: default
        name: flaky-retry
        sources:
          - match: {kuma.io/service: policy-gateway}
        destinations:
          - match: {kuma.io/service: flaky}
        conf:
          http:
            numRetries: 3
            retriableStatusCodes: [500]
        """);
    awaitConfig(gateway, "retry on 500 only", dump -> dump.contains("\"retriableStatusCodes\""));
    assertThat(statuses(send("/flaky", 10))).containsOnly(200, 503).contains(503);
  }

  @Test
  @Order(3)
  void aRetryOn5xxMakesEveryRequestSucceedOnTheOtherInstance() {
    api.apply(
        """
        type: Retry
        mesh: default
        name: flaky-retry
        sources:
          - match: {kuma.io/service: policy-gateway}
        destinations:
          - match: {kuma.io/service: flaky}
        conf:
          http:
            numRetries: 3
            perTryTimeout: 5s
            backOff: {baseInterval: 10ms, maxInterval: 50ms}
            retryOn: [all_5xx]
        """);
    awaitConfig(gateway, "retry on 5xx", dump -> dump.contains("\"5xx\""));
    List<GatewayClient.Response> responses = send("/flaky", 20);
    assertThat(statuses(responses)).containsOnly(200);
    assertThat(responses).allSatisfy(r -> assertThat(r.instance()).isEqualTo("good"));
  }

  @Test
  @Order(4)
  void removingTheRetryBringsThe503Back() {
    api.delete("/meshes/default/retries/flaky-retry");
    awaitConfig(gateway, "no retry", dump -> !dump.contains("\"retry\""));
    assertThat(statuses(send("/flaky", 10))).contains(503);
  }

  @Test
  @Order(5)
  void aRateLimitOnTheRouteGivesNRequestsThenTheConfiguredAnswer() {
    api.apply(
        """
        type: RateLimit
        mesh: default
        name: limited-route
        sources:
          - match: {kuma.io/service: policy-gateway}
        destinations:
          - match: {kuma.io/service: limited}
        conf:
          http:
            requests: 3
            interval: 1h
            onRateLimit:
              headers:
                - key: x-rate-limited
                  value: "true"
        """);
    awaitConfig(gateway, "rate limit on the route", dump -> dump.contains("\"rateLimit\""));
    List<GatewayClient.Response> responses = send("/limited", 5);
    assertThat(statuses(responses)).containsExactly(200, 200, 200, 429, 429);
    GatewayClient.Response limited = responses.get(3);
    assertThat(limited.header("x-rate-limited")).isEqualTo("true");
    assertThat(limited.body()).isEqualTo("local_rate_limited");
  }

  @Test
  @Order(6)
  void removingTheRateLimitLiftsItLive() {
    api.delete("/meshes/default/rate-limits/limited-route");
    await("rate limit lifted")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> client.get(port, "h", "/limited").status() == 200);
    assertThat(statuses(send("/limited", 6))).containsOnly(200);
  }

  @Test
  @Order(7)
  void theDestinationSidecarLimitsRequestsFromTheSelectedSources() {
    api.apply(
        """
        type: RateLimit
        mesh: default
        name: guarded-instance
        sources:
          - match: {kuma.io/service: policy-gateway}
        destinations:
          - match: {kuma.io/service: guarded, version: v1}
        conf:
          http:
            requests: 2
            interval: 1h
            onRateLimit:
              status: 423
              headers:
                - key: x-limited-by
                  value: sidecar
                  append: false
        """);
    awaitConfig(
        guardedSidecar, "rate limit at the inbound", dump -> dump.contains("\"rateLimit\""));
    assertThat(gateway.admin("/config_dump").body())
        .as("the destination selects an instance tag: not a gateway route policy")
        .doesNotContain("\"rateLimit\"");
    List<GatewayClient.Response> responses = send("/guarded", 4);
    assertThat(statuses(responses)).containsExactly(200, 200, 423, 423);
    assertThat(responses.get(2).header("x-limited-by")).isEqualTo("sidecar");

    // A caller the sources do not select (no x-kuma-tags, or another service's) is not limited.
    GatewayClient direct = new GatewayClient();
    assertThat(direct.get(guardedInboundPort, "h", "/").status()).isEqualTo(200);
    assertThat(
            direct
                .send(
                    "GET",
                    guardedInboundPort,
                    "h",
                    "/",
                    Map.of("x-kuma-tags", "&kuma.io/service=someone-else&"))
                .status())
        .isEqualTo(200);
    assertThat(
            direct
                .send(
                    "GET",
                    guardedInboundPort,
                    "h",
                    "/",
                    Map.of("x-kuma-tags", "&kuma.io/service=policy-gateway&"))
                .status())
        .isEqualTo(423);
  }

  @Test
  @Order(8)
  void aSidecarLimitsItsOwnRequestsToAnExternalService() throws Exception {
    EchoProcess external = EchoProcess.http("external", temp.resolve("external"));
    running.add(external);
    int admin = FreePorts.next();
    int outboundPort = FreePorts.next();
    api.apply(
        """
        type: ExternalService
        mesh: default
        name: ext-api
        tags: {kuma.io/service: ext-api, kuma.io/protocol: http}
        networking: {address: "127.0.0.1:%d"}
        ---
        type: RateLimit
        mesh: default
        name: caller-to-ext-api
        sources:
          - match: {kuma.io/service: caller}
        destinations:
          - match: {kuma.io/service: ext-api}
        conf:
          http:
            requests: 2
            interval: 1h
        """
            .formatted(external.port()));
    DataplaneProcess caller =
        DataplaneProcess.start(
            cp,
            "caller-1",
            DataplaneProcess.sidecarYaml(
                    "caller-1", admin, FreePorts.next(), FreePorts.next(), "caller", "http")
                + "  outbound:\n    - port: %d\n      tags: {kuma.io/service: ext-api}\n"
                    .formatted(outboundPort),
            api.dataplaneToken("default", "caller-1"),
            admin,
            temp.resolve("caller-1"));
    running.add(caller);
    awaitConfig(caller, "rate limit on the outbound", dump -> dump.contains("\"rateLimit\""));
    GatewayClient direct = new GatewayClient();
    List<GatewayClient.Response> responses = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      responses.add(direct.get(outboundPort, "ext.example", "/"));
    }
    assertThat(statuses(responses)).containsExactly(200, 200, 429, 429);
    assertThat(responses.get(0).instance()).isEqualTo("external");
    assertThat(responses.get(2).body()).isEqualTo("local_rate_limited");
  }
}
