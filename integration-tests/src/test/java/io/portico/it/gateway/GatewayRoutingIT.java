package io.portico.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.it.support.ControlPlaneProcess;
import io.portico.it.support.DataplaneProcess;
import io.portico.it.support.EchoProcess;
import io.portico.it.support.FreePorts;
import io.portico.it.support.GatewayClient;
import io.portico.it.support.MeshApi;
import io.portico.it.support.Shutdown;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The routing rules of spec/gateway.md §2–§3 sent through a running builtin gateway (real control
 * plane, real proxies, echo services a, b and c), not only through the compiler: listener hostnames
 * and virtual-host selection, route hostnames, match kinds and precedence, filters, redirects,
 * rewrites, weighted backends, fallbacks, and malformed requests.
 */
class GatewayRoutingIT {
  @TempDir static Path temp;
  static ControlPlaneProcess cp;
  static MeshApi api;
  static final List<AutoCloseable> running = new ArrayList<>();
  static final GatewayClient client = new GatewayClient();
  static int port;
  static int otherPort;

  @BeforeAll
  static void startMesh() {
    cp = ControlPlaneProcess.start(temp.resolve("cp"), Map.of());
    api = new MeshApi(cp);
    port = FreePorts.next();
    otherPort = FreePorts.next();
    for (String svc : List.of("svc-a", "svc-b", "svc-c")) {
      EchoProcess echo = EchoProcess.http(svc.substring(4), temp.resolve(svc));
      running.add(echo);
      running.add(sidecar(svc, echo.port()));
    }
    api.apply(
        """
        type: MeshGateway
        mesh: default
        name: routing-gw
        selectors:
          - match:
              kuma.io/service: routing-gateway
        conf:
          listeners:
            - port: %1$d
              protocol: HTTP
              hostname: "*"
              tags: {listener: wild}
            - port: %1$d
              protocol: HTTP
              hostname: exact.example.com
              tags: {listener: exact}
            - port: %1$d
              protocol: HTTP
              hostname: "*.wild.example.com"
              tags: {listener: suffix}
            - port: %1$d
              protocol: HTTP
              hostname: empty.example.com
              tags: {listener: empty}
            - port: %2$d
              protocol: HTTP
              tags: {listener: other-port}
        ---
        type: MeshGatewayRoute
        mesh: default
        name: main
        selectors:
          - match: {kuma.io/service: routing-gateway, listener: wild}
        conf:
          http:
            rules:
              - matches: [{path: {match: EXACT, value: /exact}}]
                backends: [{destination: {kuma.io/service: svc-a}}]
              - matches: [{path: {match: PREFIX, value: /api}}]
                backends: [{destination: {kuma.io/service: svc-b}}]
              - matches: [{path: {match: REGEX, value: "^/re/[0-9]+$"}}]
                backends: [{destination: {kuma.io/service: svc-a}}]
              - matches:
                  - path: {match: PREFIX, value: /headers}
                    headers: [{match: EXACT, name: x-env, value: prod}]
                backends: [{destination: {kuma.io/service: svc-a}}]
              - matches: [{path: {match: PREFIX, value: /headers}}]
                backends: [{destination: {kuma.io/service: svc-b}}]
              - matches:
                  - path: {match: PREFIX, value: /query}
                    queryParameters: [{match: EXACT, name: q, value: "1"}]
                backends: [{destination: {kuma.io/service: svc-a}}]
              - matches: [{path: {match: PREFIX, value: /query}}]
                backends: [{destination: {kuma.io/service: svc-b}}]
              - matches: [{path: {match: PREFIX, value: /method}, method: POST}]
                backends: [{destination: {kuma.io/service: svc-a}}]
              - matches: [{path: {match: PREFIX, value: /method}}]
                backends: [{destination: {kuma.io/service: svc-b}}]
              - matches: [{path: {match: PREFIX, value: /redirect}}]
                filters:
                  - redirect: {scheme: https, hostname: example.org, port: 8443, statusCode: 301}
              - matches: [{path: {match: PREFIX, value: /rewrite-prefix/middle}}]
                filters: [{rewrite: {replacePrefixMatch: /middle}}]
                backends: [{destination: {kuma.io/service: svc-a}}]
              - matches: [{path: {match: EXACT, value: /rewrite-full}}]
                filters: [{rewrite: {replaceFull: /replaced}}]
                backends: [{destination: {kuma.io/service: svc-a}}]
              - matches: [{path: {match: PREFIX, value: /headers-filter}}]
                filters:
                  - requestHeader:
                      set: [{name: x-set, value: one}]
                      add: [{name: x-add, value: two}]
                      remove: [x-remove]
                  - responseHeader:
                      set: [{name: x-resp, value: "yes"}]
                backends: [{destination: {kuma.io/service: svc-a}}]
              - matches: [{path: {match: PREFIX, value: /set-host}}]
                filters:
                  - requestHeader:
                      set: [{name: Host, value: rewritten.example.com}]
                backends: [{destination: {kuma.io/service: svc-a}}]
              - matches: [{path: {match: PREFIX, value: /split}}]
                backends:
                  - {weight: 1, destination: {kuma.io/service: svc-a}}
                  - {weight: 3, destination: {kuma.io/service: svc-b}}
              - matches: [{path: {match: PREFIX, value: /nowhere}}]
                backends: [{destination: {kuma.io/service: svc-missing}}]
              - matches: [{path: {match: PREFIX, value: /}}]
                backends: [{destination: {kuma.io/service: svc-c}}]
        ---
        type: MeshGatewayRoute
        mesh: default
        name: with-hostnames
        selectors:
          - match: {kuma.io/service: routing-gateway, listener: wild}
        conf:
          http:
            hostnames: [route.example.com]
            rules:
              - matches: [{path: {match: PREFIX, value: /}}]
                backends: [{destination: {kuma.io/service: svc-b}}]
        ---
        type: MeshGatewayRoute
        mesh: default
        name: exact-host
        selectors:
          - match: {kuma.io/service: routing-gateway, listener: exact}
        conf:
          http:
            rules:
              - matches: [{path: {match: REGEX, value: "^/re/[0-9]+$"}}]
                backends: [{destination: {kuma.io/service: svc-b}}]
              - matches: [{path: {match: REGEX, value: "^/.*$"}}]
                backends: [{destination: {kuma.io/service: svc-a}}]
        ---
        type: MeshGatewayRoute
        mesh: default
        name: suffix-host
        selectors:
          - match: {kuma.io/service: routing-gateway, listener: suffix}
        conf:
          http:
            rules:
              - matches: [{path: {match: PREFIX, value: /}}]
                backends: [{destination: {kuma.io/service: svc-b}}]
        ---
        type: MeshGatewayRoute
        mesh: default
        name: other-port
        selectors:
          - match: {kuma.io/service: routing-gateway, listener: other-port}
        conf:
          http:
            rules:
              - matches: [{path: {match: PREFIX, value: /}}]
                backends: [{destination: {kuma.io/service: svc-c}}]
        """
            .formatted(port, otherPort));
    running.add(DataplaneProcess.builtinGateway(cp, api, temp, "routing-gw-1", "routing-gateway"));
  }

  @AfterAll
  static void stopMesh() throws Exception {
    Shutdown.all(running, cp);
  }

  static DataplaneProcess sidecar(String service, int servicePort) {
    return sidecarOf(cp, api, temp, service, servicePort);
  }

  /** An HTTP service's sidecar named {@code <service>-1}. */
  static DataplaneProcess sidecarOf(
      ControlPlaneProcess cp, MeshApi api, Path temp, String service, int servicePort) {
    return DataplaneProcess.sidecar(cp, api, temp, service + "-1", service, "http", servicePort);
  }

  /** (rule, method, host, path, request headers) → the echo instance that must answer. */
  static Stream<Arguments> routedRequests() {
    String any = "any.example.org";
    return Stream.of(
        Arguments.of("exactPathMatchesOnlyItself", "GET", any, "/exact", Map.of(), "a"),
        Arguments.of("exactPathDoesNotMatchLonger", "GET", any, "/exact/more", Map.of(), "c"),
        Arguments.of("prefixMatchesThePathItself", "GET", any, "/api", Map.of(), "b"),
        Arguments.of("prefixMatchesBelowASegment", "GET", any, "/api/v1/x", Map.of(), "b"),
        Arguments.of("prefixIsSegmentBased", "GET", any, "/apix", Map.of(), "c"),
        Arguments.of("prefixIsTriedBeforeRegex", "GET", any, "/re/123", Map.of(), "c"),
        Arguments.of(
            "regexMatchesTheWholePath", "GET", "exact.example.com", "/re/123", Map.of(), "b"),
        Arguments.of("longerRegexFirst", "GET", "exact.example.com", "/re/12a", Map.of(), "a"),
        Arguments.of("headerConditionWins", "GET", any, "/headers", Map.of("x-env", "prod"), "a"),
        Arguments.of(
            "otherHeaderValueFallsBack", "GET", any, "/headers", Map.of("x-env", "dev"), "b"),
        Arguments.of("missingHeaderFallsBack", "GET", any, "/headers", Map.of(), "b"),
        Arguments.of("queryConditionWins", "GET", any, "/query?q=1", Map.of(), "a"),
        Arguments.of("otherQueryValueFallsBack", "GET", any, "/query?q=2", Map.of(), "b"),
        Arguments.of("methodConditionWins", "POST", any, "/method", Map.of(), "a"),
        Arguments.of("otherMethodFallsBack", "GET", any, "/method", Map.of(), "b"),
        Arguments.of("catchAllPrefix", "GET", any, "/anything/else", Map.of(), "c"),
        Arguments.of("exactListenerHostname", "GET", "exact.example.com", "/exact", Map.of(), "a"),
        Arguments.of(
            "hostIsCaseInsensitiveAndPortIgnored",
            "GET",
            "EXACT.Example.COM:1234",
            "/",
            Map.of(),
            "a"),
        Arguments.of("wildcardListenerHostname", "GET", "x.wild.example.com", "/", Map.of(), "b"),
        Arguments.of(
            "wildcardMatchesDeeperNames", "GET", "a.b.wild.example.com", "/", Map.of(), "b"),
        Arguments.of(
            "routeHostnameMakesAnImplicitHost", "GET", "route.example.com", "/", Map.of(), "b"),
        Arguments.of(
            "implicitHostDoesNotInheritHostnamelessRoutes",
            "GET",
            "route.example.com",
            "/exact",
            Map.of(),
            "b"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("routedRequests")
  void requestReachesTheExpectedBackend(
      String rule,
      String method,
      String host,
      String path,
      Map<String, String> headers,
      String instance) {
    GatewayClient.Response r = client.send(method, port, host, path, headers);
    assertThat(r.status()).as(rule + ": " + r.body()).isEqualTo(200);
    assertThat(r.instance()).as(rule).isEqualTo(instance);
    assertThat(r.header("server")).isEqualTo("Portico Gateway");
  }

  @Test
  void listenersOnAnotherPortAreAnotherWorld() {
    GatewayClient.Response r = client.get(otherPort, "exact.example.com", "/exact");
    assertThat(r.instance()).isEqualTo("c");
  }

  @Test
  void unknownHostOnAPortWithoutWildcardIs404WithEmptyBody() {
    GatewayClient.Response r = client.get(otherPort, "whatever", "/");
    assertThat(r.status()).isEqualTo(200);
    GatewayClient.Response none = client.get(port, "empty.example.com", "/");
    assertThat(none.status()).isEqualTo(404);
    assertThat(none.body())
        .isEqualTo("This is a Portico MeshGateway. No routes match this MeshGateway!\n");
  }

  @Test
  void redirectAnswersWithoutCallingABackendAndDropsTheQuery() {
    GatewayClient.Response r = client.get(port, "any.example.org", "/redirect/x?y=1");
    assertThat(r.status()).isEqualTo(301);
    assertThat(r.header("location")).isEqualTo("https://example.org:8443/redirect/x");
    assertThat(r.body()).isEmpty();
  }

  @Test
  void prefixRewriteReplacesTheMatchedSegments() {
    assertThat(client.get(port, "h", "/rewrite-prefix/middle/tail").echo().path("path").asText())
        .isEqualTo("/middle/tail");
    assertThat(client.get(port, "h", "/rewrite-prefix/middle").echo().path("path").asText())
        .isEqualTo("/middle");
  }

  @Test
  void fullRewriteKeepsTheQuery() {
    var echo = client.get(port, "h", "/rewrite-full?k=v").echo();
    assertThat(echo.path("path").asText()).isEqualTo("/replaced");
    assertThat(echo.path("query").asText()).isEqualTo("k=v");
  }

  @Test
  void requestAndResponseHeaderFilters() {
    GatewayClient.Response r =
        client.send(
            "GET", port, "h", "/headers-filter", Map.of("x-remove", "gone", "x-set", "old"));
    var headers = r.echo().path("headers");
    assertThat(headers.path("x-set").asText()).isEqualTo("one");
    assertThat(headers.path("x-add").asText()).isEqualTo("two");
    assertThat(headers.has("x-remove")).isFalse();
    assertThat(r.header("x-resp")).isEqualTo("yes");
  }

  @Test
  void settingHostRewritesTheAuthority() {
    var echo = client.get(port, "original.example.com", "/set-host").echo();
    assertThat(echo.path("headers").path("host").asText()).isEqualTo("rewritten.example.com");
  }

  @Test
  void hostIsPreservedAndForwardingHeadersAreSet() {
    var headers =
        client
            .send(
                "GET",
                port,
                "keep.example.com",
                "/anything",
                Map.of("X-Forwarded-For", "10.9.8.7", "x-kuma-tags", "&kuma.io/service=evil&"))
            .echo()
            .path("headers");
    assertThat(headers.path("host").asText()).isEqualTo("keep.example.com");
    assertThat(headers.path("x-forwarded-for").asText()).isEqualTo("10.9.8.7, 127.0.0.1");
    assertThat(headers.path("x-forwarded-proto").asText()).isEqualTo("http");
    assertThat(headers.path("x-kuma-tags").asText()).isEqualTo("&kuma.io/service=routing-gateway&");
  }

  @Test
  void weightedBackendsSplitByTheirWeights() {
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < 40; i++) {
      counts.merge(client.get(port, "h", "/split").instance(), 1, Integer::sum);
    }
    assertThat(counts).containsEntry("a", 10).containsEntry("b", 30);
  }

  @Test
  void backendWithoutEndpointsIs503() {
    GatewayClient.Response r = client.get(port, "h", "/nowhere");
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.body()).isEqualTo("no healthy upstream");
  }

  @Test
  void ambiguousFramingIs400AndTheConnectionCloses() throws IOException {
    String response =
        raw(
            "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "0\r\n\r\n");
    assertThat(response).startsWith("HTTP/1.1 400");
  }

  @Test
  void oversizedHeadersAre431() throws IOException {
    String response =
        raw("GET / HTTP/1.1\r\nHost: h\r\nX-Big: " + "x".repeat(100_000) + "\r\n\r\n");
    assertThat(response).startsWith("HTTP/1.1 431");
  }

  /** Sends raw bytes and reads until the gateway closes the connection. */
  private static String raw(String request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      try {
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
      } catch (IOException closedEarly) {
        // The gateway may answer and close before reading everything we send.
      }
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
