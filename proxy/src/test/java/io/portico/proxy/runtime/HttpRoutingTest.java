package io.portico.proxy.runtime;

import static io.portico.proxy.fixture.Configs.exact;
import static io.portico.proxy.fixture.Configs.forward;
import static io.portico.proxy.fixture.Configs.http1;
import static io.portico.proxy.fixture.Configs.httpListener;
import static io.portico.proxy.fixture.Configs.prefix;
import static io.portico.proxy.fixture.Configs.regex;
import static io.portico.proxy.fixture.Configs.vhost;
import static org.assertj.core.api.Assertions.assertThat;

import io.portico.proxy.api.v1.DirectResponse;
import io.portico.proxy.api.v1.HeaderMatch;
import io.portico.proxy.api.v1.ProxyConfig;
import io.portico.proxy.api.v1.QueryMatch;
import io.portico.proxy.api.v1.Route;
import io.portico.proxy.api.v1.RouteMatch;
import io.portico.proxy.fixture.EchoUpstream;
import io.portico.proxy.fixture.RawHttpClient;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Routing through a real runtime on loopback (spec gateway.md §2.8, §3.2, §3.5): each case sends
 * one request and checks which upstream answered (or the proxy's own answer).
 */
class HttpRoutingTest {
  private static ProxyRuntime runtime;
  private static EchoUpstream exactUpstream;
  private static EchoUpstream prefixUpstream;
  private static EchoUpstream regexUpstream;
  private static EchoUpstream methodUpstream;
  private static EchoUpstream headerUpstream;
  private static EchoUpstream queryUpstream;
  private static EchoUpstream wildcardUpstream;
  private static EchoUpstream anyUpstream;
  private static int port;

  @BeforeAll
  static void start() {
    exactUpstream = EchoUpstream.http1("exact");
    prefixUpstream = EchoUpstream.http1("prefix");
    regexUpstream = EchoUpstream.http1("regex");
    methodUpstream = EchoUpstream.http1("method");
    headerUpstream = EchoUpstream.http1("header");
    queryUpstream = EchoUpstream.http1("query");
    wildcardUpstream = EchoUpstream.http1("wildcard");
    anyUpstream = EchoUpstream.http1("any");
    runtime = ProxyRuntime.builder().eventLoopThreads(2).build();
    Route directNotFound =
        Route.newBuilder()
            .setName("static-404")
            .setMatch(prefix("/"))
            .setDirectResponse(
                DirectResponse.newBuilder().setStatus(404).setBody("No routes match\n"))
            .build();
    ProxyConfig config =
        ProxyConfig.newBuilder()
            .setVersion("v1")
            .addClusters(http1("exact", exactUpstream.port()))
            .addClusters(http1("prefix", prefixUpstream.port()))
            .addClusters(http1("regex", regexUpstream.port()))
            .addClusters(http1("method", methodUpstream.port()))
            .addClusters(http1("header", headerUpstream.port()))
            .addClusters(http1("query", queryUpstream.port()))
            .addClusters(http1("wildcard", wildcardUpstream.port()))
            .addClusters(http1("any", anyUpstream.port()))
            .addListeners(
                httpListener(
                    "http",
                    0,
                    vhost(
                        "api",
                        List.of("api.example.com"),
                        forward("exact", exact("/exact"), "exact"),
                        forward(
                            "method",
                            RouteMatch.newBuilder().setPrefix("/m/").setMethod("POST").build(),
                            "method"),
                        forward("prefix", prefix("/api/"), "prefix"),
                        forward(
                            "header",
                            RouteMatch.newBuilder()
                                .setPrefix("/h/")
                                .addHeaders(
                                    HeaderMatch.newBuilder()
                                        .setName("X-Env")
                                        .setKind(HeaderMatch.Kind.EXACT)
                                        .setValue("prod"))
                                .build(),
                            "header"),
                        forward(
                            "query",
                            RouteMatch.newBuilder()
                                .setPrefix("/q/")
                                .addQueryParameters(
                                    QueryMatch.newBuilder()
                                        .setName("v")
                                        .setKind(QueryMatch.Kind.REGEX)
                                        .setValue("[0-9]+"))
                                .build(),
                            "query"),
                        forward("regex", regex("/r/[a-z]+/[0-9]+"), "regex")),
                    vhost(
                        "wildcard",
                        List.of("*.example.com"),
                        forward("wildcard", prefix("/"), "wildcard")),
                    vhost("empty", List.of("empty.org"), directNotFound),
                    vhost("any", List.of("*"), forward("any", prefix("/any/"), "any"))))
            .build();
    assertThat(runtime.apply(config)).isEmpty();
    port = runtime.listenerPort("http").orElseThrow();
  }

  @AfterAll
  static void stop() {
    runtime.close();
    for (EchoUpstream upstream :
        List.of(
            exactUpstream,
            prefixUpstream,
            regexUpstream,
            methodUpstream,
            headerUpstream,
            queryUpstream,
            wildcardUpstream,
            anyUpstream)) {
      upstream.close();
    }
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        // exactPathRoutesToExactRoute
        Arguments.of("GET", "api.example.com", "/exact", List.of(), 200, "exact"),
        // exactPathDoesNotMatchLongerPath
        Arguments.of("GET", "api.example.com", "/exact/more", List.of(), 404, ""),
        // prefixRoutesSubPaths
        Arguments.of("GET", "api.example.com", "/api/users/1?x=1", List.of(), 200, "prefix"),
        // regexMustMatchWholePath
        Arguments.of("GET", "api.example.com", "/r/abc/42", List.of(), 200, "regex"),
        Arguments.of("GET", "api.example.com", "/r/abc/42/x", List.of(), 404, ""),
        // methodMustMatch
        Arguments.of("POST", "api.example.com", "/m/x", List.of(), 200, "method"),
        Arguments.of("GET", "api.example.com", "/m/x", List.of(), 404, ""),
        // headerMustMatch
        Arguments.of("GET", "api.example.com", "/h/x", List.of("x-env: prod"), 200, "header"),
        Arguments.of("GET", "api.example.com", "/h/x", List.of("x-env: dev"), 404, ""),
        // queryMustMatch
        Arguments.of("GET", "api.example.com", "/q/x?v=12", List.of(), 200, "query"),
        Arguments.of("GET", "api.example.com", "/q/x?v=ab", List.of(), 404, ""),
        // hostPortIsIgnored and hostIsCaseInsensitive
        Arguments.of("GET", "API.example.com:8080", "/exact", List.of(), 200, "exact"),
        // wildcardHostMatches
        Arguments.of("GET", "shop.example.com", "/anything", List.of(), 200, "wildcard"),
        // anyHostIsTheFallback
        Arguments.of("GET", "other.org", "/any/x", List.of(), 200, "any"),
        // noMatchingRouteIs404WithEmptyBody
        Arguments.of("GET", "other.org", "/nothing", List.of(), 404, ""),
        // directResponseAnswersWithItsBody
        Arguments.of("GET", "empty.org", "/x", List.of(), 404, "No routes match\n"),
        // pathIsNormalizedBeforeMatching
        Arguments.of("GET", "api.example.com", "/api/../exact", List.of(), 200, "exact"));
  }

  @ParameterizedTest(name = "{0} {1}{2} {3} -> {4} {5}")
  @MethodSource("cases")
  void requestIsRoutedByHostAndRoute(
      String method, String host, String path, List<String> headers, int status, String expected) {
    try (RawHttpClient client = RawHttpClient.connect(port)) {
      RawHttpClient.Response response =
          client.exchange(
              method,
              host,
              path,
              method.equals("POST") ? "" : null,
              headers.toArray(String[]::new));
      assertThat(response.status()).isEqualTo(status);
      if (status == 200) {
        assertThat(EchoUpstream.parse(response.body()).get("server").asText()).isEqualTo(expected);
      } else {
        assertThat(response.body()).isEqualTo(expected);
      }
    }
  }
}
