package io.portico.proxy.runtime;

import static io.portico.proxy.fixture.Configs.cluster;
import static io.portico.proxy.fixture.Configs.forward;
import static io.portico.proxy.fixture.Configs.http1;
import static io.portico.proxy.fixture.Configs.prefix;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Duration;
import io.portico.proxy.api.v1.Forward;
import io.portico.proxy.api.v1.HeaderMutation;
import io.portico.proxy.api.v1.HeaderValue;
import io.portico.proxy.api.v1.HttpListener;
import io.portico.proxy.api.v1.Listener;
import io.portico.proxy.api.v1.Mirror;
import io.portico.proxy.api.v1.PathRewrite;
import io.portico.proxy.api.v1.PrefixRewrite;
import io.portico.proxy.api.v1.ProxyConfig;
import io.portico.proxy.api.v1.Redirect;
import io.portico.proxy.api.v1.Route;
import io.portico.proxy.api.v1.RoutePolicy;
import io.portico.proxy.api.v1.UpstreamProtocol;
import io.portico.proxy.api.v1.VirtualHost;
import io.portico.proxy.api.v1.WeightedCluster;
import io.portico.proxy.fixture.EchoUpstream;
import io.portico.proxy.fixture.RawHttpClient;
import io.portico.proxy.routing.FractionSampler;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Forwarding behaviour through a real runtime (spec gateway.md §2.6, §3.4, §3.5). */
class HttpForwardingTest {
  private static ProxyRuntime runtime;
  private static EchoUpstream a;
  private static EchoUpstream b;
  private static EchoUpstream h2;
  private static EchoUpstream mirror;
  private static int closedPort;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    a = EchoUpstream.http1("a");
    b = EchoUpstream.http1("b");
    h2 = EchoUpstream.http2("h2");
    mirror = EchoUpstream.http1("mirror");
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    runtime =
        ProxyRuntime.builder()
            .eventLoopThreads(1)
            .mirrorSampler(new FractionSampler(() -> 0.5))
            .build();
    VirtualHost host =
        VirtualHost.newBuilder()
            .setName("web")
            .addDomains("*")
            .addResponseHeaders(header("strict-transport-security", "max-age=31536000"))
            .addRoutes(
                Route.newBuilder()
                    .setName("mutations")
                    .setMatch(prefix("/mutate/"))
                    .setForward(
                        Forward.newBuilder()
                            .addClusters(weighted("a", 1))
                            .setPathRewrite(
                                PathRewrite.newBuilder()
                                    .setPrefix(
                                        PrefixRewrite.newBuilder()
                                            .setPrefix("/mutate/")
                                            .setReplacement("/v2/"))))
                    .setRequestHeaders(
                        HeaderMutation.newBuilder()
                            .addRemove("x-remove-me")
                            .addSet(header("x-set", "set-value"))
                            .addAdd(header("x-add", "added")))
                    .setResponseHeaders(
                        HeaderMutation.newBuilder()
                            .addSet(header("x-response-set", "yes"))
                            .addRemove("x-upstream")))
            .addRoutes(
                Route.newBuilder()
                    .setName("host-rewrite")
                    .setMatch(prefix("/host/"))
                    .setForward(Forward.newBuilder().addClusters(weighted("a", 1)))
                    .setRequestHeaders(
                        HeaderMutation.newBuilder().addSet(header("Host", "rewritten.example"))))
            .addRoutes(
                Route.newBuilder()
                    .setName("full-rewrite")
                    .setMatch(prefix("/full/"))
                    .setForward(
                        Forward.newBuilder()
                            .addClusters(weighted("a", 1))
                            .setPathRewrite(PathRewrite.newBuilder().setFull("/replaced"))))
            .addRoutes(
                Route.newBuilder()
                    .setName("split")
                    .setMatch(prefix("/split/"))
                    .setForward(
                        Forward.newBuilder()
                            .addClusters(weighted("a", 3))
                            .addClusters(weighted("b", 1))))
            .addRoutes(forward("h2", prefix("/h2/"), "h2"))
            .addRoutes(forward("none", prefix("/none/"), "no-endpoints"))
            .addRoutes(forward("refused", prefix("/refused/"), "refused"))
            .addRoutes(
                Route.newBuilder()
                    .setName("slow")
                    .setMatch(prefix("/slow/"))
                    .setForward(Forward.newBuilder().addClusters(weighted("a", 1)))
                    .setPolicy(
                        RoutePolicy.newBuilder()
                            .setTimeout(Duration.newBuilder().setNanos(200_000_000))))
            .addRoutes(
                Route.newBuilder()
                    .setName("mirrored")
                    .setMatch(prefix("/mirrored/"))
                    .setForward(Forward.newBuilder().addClusters(weighted("a", 1)))
                    .addMirrors(Mirror.newBuilder().setCluster("mirror").setFraction(1.0))
                    .addMirrors(Mirror.newBuilder().setCluster("mirror").setFraction(0.4)))
            .addRoutes(
                Route.newBuilder()
                    .setName("redirect")
                    .setMatch(prefix("/old/"))
                    .setRedirect(
                        Redirect.newBuilder()
                            .setScheme("https")
                            .setHostname("new.example.com")
                            .setPort(8443)
                            .setStatusCode(301)
                            .setStripQuery(true)
                            .setPathRewrite(
                                PathRewrite.newBuilder()
                                    .setPrefix(
                                        PrefixRewrite.newBuilder()
                                            .setPrefix("/old/")
                                            .setReplacement("/new/")))))
            .addRoutes(forward("default", prefix("/"), "a"))
            .build();
    ProxyConfig config =
        ProxyConfig.newBuilder()
            .setVersion("v1")
            .addClusters(http1("a", a.port()))
            .addClusters(http1("b", b.port()))
            .addClusters(cluster("h2", UpstreamProtocol.HTTP2, h2.port()))
            .addClusters(http1("mirror", mirror.port()))
            .addClusters(http1("no-endpoints"))
            .addClusters(http1("refused", closedPort))
            .addListeners(
                Listener.newBuilder()
                    .setName("edge")
                    .setAddress("127.0.0.1")
                    .setPort(0)
                    .setHttp(
                        HttpListener.newBuilder()
                            .setEdge(true)
                            .setServerHeader("portico")
                            .addStripRequestHeaders("x-kuma-tags")
                            .addForwardHeaders(header("x-kuma-tags", "&kuma.io/service=edge&"))
                            .addVirtualHosts(host)))
            .build();
    assertThat(runtime.apply(config)).isEmpty();
    port = runtime.listenerPort("edge").orElseThrow();
  }

  @AfterAll
  static void stop() {
    runtime.close();
    a.close();
    b.close();
    h2.close();
    mirror.close();
  }

  private static HeaderValue header(String name, String value) {
    return HeaderValue.newBuilder().setName(name).setValue(value).build();
  }

  private static WeightedCluster weighted(String cluster, int weight) {
    return WeightedCluster.newBuilder().setCluster(cluster).setWeight(weight).build();
  }

  private static JsonNode echo(RawHttpClient.Response response) {
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return EchoUpstream.parse(response.body());
  }

  @Test
  void hostHeaderIsPreservedUpstream() {
    JsonNode seen = echo(RawHttpClient.request(port, "shop.example.com:8080", "/x"));
    assertThat(seen.at("/headers/host").asText()).isEqualTo("shop.example.com:8080");
  }

  @Test
  void requestHeaderMutationsRemoveThenSetThenAdd() {
    JsonNode seen =
        echo(
            RawHttpClient.request(
                port, "h", "/mutate/x?q=1", "x-remove-me: 1", "x-set: old", "x-add: first"));
    assertThat(seen.at("/headers/x-remove-me").isMissingNode()).isTrue();
    assertThat(seen.at("/headers/x-set").asText()).isEqualTo("set-value");
    assertThat(seen.at("/headers/x-add").asText()).isEqualTo("first,added");
  }

  @Test
  void prefixRewriteReplacesTheMatchedPrefixAndKeepsTheQuery() {
    JsonNode seen = echo(RawHttpClient.request(port, "h", "/mutate/a/b?q=1"));
    assertThat(seen.at("/uri").asText()).isEqualTo("/v2/a/b?q=1");
  }

  @Test
  void fullRewriteReplacesThePathAndKeepsTheQuery() {
    JsonNode seen = echo(RawHttpClient.request(port, "h", "/full/a?q=2"));
    assertThat(seen.at("/uri").asText()).isEqualTo("/replaced?q=2");
  }

  @Test
  void responseHeaderMutationsAndVirtualHostHeadersAndServerApply() {
    RawHttpClient.Response response = RawHttpClient.request(port, "h", "/mutate/x");
    assertThat(response.header("x-response-set")).isEqualTo("yes");
    assertThat(response.header("x-upstream")).isNull();
    assertThat(response.header("strict-transport-security")).isEqualTo("max-age=31536000");
    assertThat(response.header("server")).isEqualTo("portico");
  }

  @Test
  void setOfHostRewritesTheAuthority() {
    JsonNode seen = echo(RawHttpClient.request(port, "h", "/host/x"));
    assertThat(seen.at("/headers/host").asText()).isEqualTo("rewritten.example");
  }

  @Test
  void edgeAppendsPeerToForwardedForAndSetsProto() {
    JsonNode seen = echo(RawHttpClient.request(port, "h", "/x", "X-Forwarded-For: 10.1.1.1"));
    assertThat(seen.at("/headers/x-forwarded-for").asText()).isEqualTo("10.1.1.1, 127.0.0.1");
    assertThat(seen.at("/headers/x-forwarded-proto").asText()).isEqualTo("http");
  }

  @Test
  void strippedHeadersAreReplacedByForwardHeaders() {
    JsonNode seen = echo(RawHttpClient.request(port, "h", "/x", "x-kuma-tags: &forged=1&"));
    assertThat(seen.at("/headers/x-kuma-tags").asText()).isEqualTo("&kuma.io/service=edge&");
  }

  @Test
  void hopByHopHeadersDoNotCrossTheProxy() {
    JsonNode seen =
        echo(
            RawHttpClient.request(
                port,
                "h",
                "/x",
                "Connection: keep-alive, x-private",
                "x-private: 1",
                "Upgrade: foo"));
    assertThat(seen.at("/headers/x-private").isMissingNode()).isTrue();
    assertThat(seen.at("/headers/upgrade").isMissingNode()).isTrue();
  }

  @Test
  void weightedClustersSplitExactlyBySmoothRoundRobin() {
    Map<String, Integer> counts = new HashMap<>();
    try (RawHttpClient client = RawHttpClient.connect(port)) {
      for (int i = 0; i < 40; i++) {
        counts.merge(echo(client.get("h", "/split/" + i)).at("/server").asText(), 1, Integer::sum);
      }
    }
    assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of("a", 30, "b", 10));
  }

  @Test
  void keepAliveReusesUpstreamConnections() {
    try (RawHttpClient client = RawHttpClient.connect(port)) {
      echo(client.get("h", "/warm"));
      int before = a.connections();
      for (int i = 0; i < 10; i++) {
        echo(client.get("h", "/reuse/" + i));
      }
      assertThat(a.connections()).isEqualTo(before);
    }
  }

  @Test
  void http2ClusterIsReachedOverHttp2() {
    JsonNode seen = echo(RawHttpClient.request(port, "h2.example", "/h2/x?y=1"));
    assertThat(seen.at("/protocol").asText()).isEqualTo("HTTP/2");
    assertThat(seen.at("/uri").asText()).isEqualTo("/h2/x?y=1");
    assertThat(seen.at("/headers/:authority").asText("")).isIn("h2.example", "");
  }

  @Test
  void http2ClusterServesSeveralRequestsOnOneConnection() {
    try (RawHttpClient client = RawHttpClient.connect(port)) {
      for (int i = 0; i < 5; i++) {
        echo(client.get("h", "/h2/" + i));
      }
    }
    assertThat(h2.connections()).isEqualTo(1);
  }

  @Test
  void clusterWithoutEndpointsIs503NoHealthyUpstream() {
    RawHttpClient.Response response = RawHttpClient.request(port, "h", "/none/x");
    assertThat(response.status()).isEqualTo(503);
    assertThat(response.body()).isEqualTo("no healthy upstream");
  }

  @Test
  void connectFailureIs503NoHealthyUpstream() {
    RawHttpClient.Response response = RawHttpClient.request(port, "h", "/refused/x");
    assertThat(response.status()).isEqualTo(503);
    assertThat(response.body()).isEqualTo("no healthy upstream");
  }

  @Test
  void routeTimeoutIs504UpstreamRequestTimeout() {
    RawHttpClient.Response response =
        RawHttpClient.request(port, "h", "/slow/x", "x-echo-delay-ms: 5000");
    assertThat(response.status()).isEqualTo(504);
    assertThat(response.body()).isEqualTo("upstream request timeout");
  }

  @Test
  void redirectAnswersWithLocationWithoutQuery() {
    RawHttpClient.Response response = RawHttpClient.request(port, "h", "/old/page?x=1");
    assertThat(response.status()).isEqualTo(301);
    assertThat(response.header("location")).isEqualTo("https://new.example.com:8443/new/page");
    assertThat(response.body()).isEmpty();
  }

  @Test
  void mirrorGetsACopyWithShadowHost() {
    int before = mirror.requests();
    echo(RawHttpClient.request(port, "shop.example.com:8080", "/mirrored/x"));
    // fraction 1.0 always; fraction 0.4 never with the sampler's 0.5
    Awaitility.await().until(() -> mirror.requests() == before + 1);
    assertThat(mirror.hosts()).contains("shop.example.com-shadow:8080");
  }

  @Test
  void requestBodyStreamsThroughChunked() {
    try (RawHttpClient client = RawHttpClient.connect(port)) {
      client.send(
          "POST /body HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
              + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
      assertThat(echo(client.readResponse()).at("/body").asText()).isEqualTo("hello world");
      // the connection stays usable
      assertThat(client.exchange("POST", "h", "/body", "again").status()).isEqualTo(200);
    }
  }

  @Test
  void expectContinueIsAnsweredBeforeTheBody() {
    try (RawHttpClient client = RawHttpClient.connect(port)) {
      client.send(
          "POST /body HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
      assertThat(client.readResponse().status()).isEqualTo(100);
      client.send("data");
      JsonNode seen = echo(client.readResponse());
      assertThat(seen.at("/body").asText()).isEqualTo("data");
      assertThat(seen.at("/headers/expect").isMissingNode()).isTrue();
    }
  }

  @Test
  void http10ClientIsAnsweredAndClosed() {
    try (RawHttpClient client = RawHttpClient.connect(port)) {
      client.send("GET /old10 HTTP/1.0\r\nHost: h\r\n\r\n");
      RawHttpClient.Response response = client.readResponse();
      assertThat(response.status()).isEqualTo(200);
      assertThat(client.isClosedByServer()).isTrue();
    }
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() {
    try (RawHttpClient client = RawHttpClient.connect(port)) {
      client.send("GET /p/1 HTTP/1.1\r\nHost: h\r\n\r\nGET /p/2 HTTP/1.1\r\nHost: h\r\n\r\n");
      assertThat(echo(client.readResponse()).at("/uri").asText()).isEqualTo("/p/1");
      assertThat(echo(client.readResponse()).at("/uri").asText()).isEqualTo("/p/2");
    }
  }

  @Test
  void headRequestGetsHeadersWithoutBody() {
    try (RawHttpClient client = RawHttpClient.connect(port)) {
      client.send("HEAD /head HTTP/1.1\r\nHost: h\r\n\r\n");
      RawHttpClient.Response head = client.readResponseWithoutBody();
      assertThat(head.status()).isEqualTo(200);
      assertThat(client.get("h", "/after-head").status()).isEqualTo(200);
    }
  }
}
