package io.portico.proxy.config;

import static io.portico.proxy.api.v1.TrafficDirection.OUTBOUND;
import static io.portico.proxy.fixture.Configs.cluster;
import static io.portico.proxy.fixture.Configs.forward;
import static io.portico.proxy.fixture.Configs.http1;
import static io.portico.proxy.fixture.Configs.httpListener;
import static io.portico.proxy.fixture.Configs.prefix;
import static io.portico.proxy.fixture.Configs.sidecarListener;
import static io.portico.proxy.fixture.Configs.vhost;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import com.google.protobuf.Duration;
import io.portico.proxy.api.v1.Cluster;
import io.portico.proxy.api.v1.DirectResponse;
import io.portico.proxy.api.v1.DownstreamTls;
import io.portico.proxy.api.v1.Endpoint;
import io.portico.proxy.api.v1.Forward;
import io.portico.proxy.api.v1.HeaderMatch;
import io.portico.proxy.api.v1.HeaderMutation;
import io.portico.proxy.api.v1.Listener;
import io.portico.proxy.api.v1.Mirror;
import io.portico.proxy.api.v1.ProxyConfig;
import io.portico.proxy.api.v1.Redirect;
import io.portico.proxy.api.v1.Route;
import io.portico.proxy.api.v1.RouteMatch;
import io.portico.proxy.api.v1.RoutePolicy;
import io.portico.proxy.api.v1.TcpListener;
import io.portico.proxy.api.v1.UpstreamProtocol;
import io.portico.proxy.api.v1.VirtualHost;
import io.portico.proxy.api.v1.WeightedCluster;
import io.portico.proxy.bind.ConfigBinder;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Validation and compilation of configs: every error is reported with its path. */
class RuntimeConfigCompilerTest {
  private final RuntimeConfigCompiler compiler = new RuntimeConfigCompiler();

  /** A valid config: one cluster "web", one HTTP listener "http" on port 8080. */
  private static ProxyConfig valid() {
    return ProxyConfig.newBuilder()
        .setVersion("v1")
        .addClusters(http1("web", 9000))
        .addListeners(
            httpListener(
                "http", 8080, vhost("all", List.of("*"), forward("r", prefix("/"), "web"))))
        .build();
  }

  private static Route.Builder route(UnaryOperator<Route.Builder> change) {
    return change.apply(
        Route.newBuilder(valid().getListeners(0).getHttp().getVirtualHosts(0).getRoutes(0)));
  }

  private static ProxyConfig withRoute(Route.Builder route) {
    ProxyConfig.Builder config = valid().toBuilder();
    config
        .getListenersBuilder(0)
        .getHttpBuilder()
        .getVirtualHostsBuilder(0)
        .setRoutes(0, route.build());
    return config.build();
  }

  static Stream<Arguments> invalidConfigs() {
    return Stream.of(
        Arguments.of(
            "listenerPortOutOfRangeIsRejected",
            valid().toBuilder()
                .setListeners(0, valid().getListeners(0).toBuilder().setPort(70000))
                .build(),
            "listeners[http].port: must be in inclusive range [0, 65535], got 70000"),
        Arguments.of(
            "duplicateListenerNameIsRejected",
            valid().toBuilder()
                .addListeners(valid().getListeners(0).toBuilder().setPort(8081))
                .build(),
            "listeners[http].name: duplicate listener name \"http\" (also listeners[0])"),
        Arguments.of(
            "duplicateListenerAddressIsRejected",
            valid().toBuilder()
                .addListeners(valid().getListeners(0).toBuilder().setName("other"))
                .build(),
            "listeners[other].port: 127.0.0.1:8080 is already used by listener \"http\""),
        Arguments.of(
            "listenerAddressMustBeAnIp",
            valid().toBuilder()
                .setListeners(0, valid().getListeners(0).toBuilder().setAddress("example.com"))
                .build(),
            "listeners[http].address: must be an IP address, got \"example.com\""),
        Arguments.of(
            "listenerWithoutProtocolIsRejected",
            valid().toBuilder()
                .addListeners(
                    Listener.newBuilder().setName("bare").setAddress("127.0.0.1").setPort(1))
                .build(),
            "listeners[bare]: must have a protocol (http or tcp)"),
        Arguments.of(
            "downstreamTlsWithoutCertificateIsRejected",
            valid().toBuilder()
                .setListeners(
                    0,
                    valid().getListeners(0).toBuilder().setTls(DownstreamTls.getDefaultInstance()))
                .build(),
            "listeners[http].tls.certificates: must not be empty (or use_identity must be set)"),
        Arguments.of(
            "unknownClusterIsRejected",
            withRoute(
                route(
                    r ->
                        r.setForward(
                            Forward.newBuilder()
                                .addClusters(WeightedCluster.newBuilder().setCluster("nope"))))),
            "listeners[http].http.virtual_hosts[all].routes[r].forward.clusters[0].cluster: unknown cluster \"nope\""),
        Arguments.of(
            "badRegexIsRejected",
            withRoute(route(r -> r.setMatch(RouteMatch.newBuilder().setRegex("/a/(")))),
            "listeners[http].http.virtual_hosts[all].routes[r].match.regex: invalid regular expression \"/a/(\""),
        Arguments.of(
            "badHeaderRegexIsRejected",
            withRoute(
                route(
                    r ->
                        r.setMatch(
                            RouteMatch.newBuilder()
                                .addHeaders(
                                    HeaderMatch.newBuilder()
                                        .setName("x")
                                        .setKind(HeaderMatch.Kind.REGEX)
                                        .setValue("["))))),
            "routes[r].match.headers[0].value: invalid regular expression \"[\""),
        Arguments.of(
            "presentHeaderMatchCannotHaveValue",
            withRoute(
                route(
                    r ->
                        r.setMatch(
                            RouteMatch.newBuilder()
                                .addHeaders(
                                    HeaderMatch.newBuilder()
                                        .setName("x")
                                        .setKind(HeaderMatch.Kind.PRESENT)
                                        .setValue("v"))))),
            "routes[r].match.headers[0].value: cannot be set for PRESENT"),
        Arguments.of(
            "allZeroWeightsAreRejected",
            withRoute(
                route(
                    r ->
                        r.setForward(
                            Forward.newBuilder()
                                .addClusters(
                                    WeightedCluster.newBuilder().setCluster("web").setWeight(0))
                                .addClusters(
                                    WeightedCluster.newBuilder().setCluster("web").setWeight(0))))),
            "routes[r].forward.clusters: at least one weight must be greater than 0"),
        Arguments.of(
            "emptyForwardIsRejected",
            withRoute(route(r -> r.setForward(Forward.getDefaultInstance()))),
            "routes[r].forward.clusters: must not be empty"),
        Arguments.of(
            "redirectStatusMustBeARedirect",
            withRoute(route(r -> r.setRedirect(Redirect.newBuilder().setStatusCode(300)))),
            "routes[r].redirect.status_code: must be one of 301, 302, 303, 307, 308, got 300"),
        Arguments.of(
            "directResponseStatusMustBeValid",
            withRoute(route(r -> r.setDirectResponse(DirectResponse.newBuilder().setStatus(99)))),
            "routes[r].direct_response.status: must be in inclusive range [200, 599], got 99"),
        Arguments.of(
            "routeWithoutActionIsRejected",
            withRoute(route(Route.Builder::clearAction)),
            "routes[r]: must have an action (forward, redirect or direct_response)"),
        Arguments.of(
            "mirrorFractionMustBeAFraction",
            withRoute(
                route(r -> r.addMirrors(Mirror.newBuilder().setCluster("web").setFraction(1.5)))),
            "routes[r].mirrors[0].fraction: must be in inclusive range [0, 1], got 1.5"),
        Arguments.of(
            "removingHostIsRejected",
            withRoute(
                route(r -> r.setRequestHeaders(HeaderMutation.newBuilder().addRemove("Host")))),
            "routes[r].request_headers.remove[0]: cannot remove \"Host\""),
        Arguments.of(
            "negativeTimeoutIsRejected",
            withRoute(
                route(
                    r ->
                        r.setPolicy(
                            RoutePolicy.newBuilder()
                                .setTimeout(Duration.newBuilder().setSeconds(-1))))),
            "routes[r].policy.timeout: must not be negative"),
        Arguments.of(
            "malformedDomainIsRejected",
            valid().toBuilder()
                .setListeners(
                    0,
                    httpListener(
                        "http",
                        8080,
                        vhost("bad", List.of("a.*.com"), forward("r", prefix("/"), "web"))))
                .build(),
            "virtual_hosts[bad].domains[0]: domain \"a.*.com\" must be a host name, \"*.suffix\" or \"*\""),
        Arguments.of(
            "domainInTwoVirtualHostsIsRejected",
            valid().toBuilder()
                .setListeners(
                    0,
                    httpListener(
                        "http",
                        8080,
                        vhost("one", List.of("a.com"), forward("r", prefix("/"), "web")),
                        vhost("two", List.of("A.com"), forward("r", prefix("/"), "web"))))
                .build(),
            "virtual_hosts[two].domains[0]: domain \"A.com\" is also a domain of virtual host \"one\""),
        Arguments.of(
            "tcpClusterCannotServeHttpRoutes",
            valid().toBuilder().setClusters(0, cluster("web", UpstreamProtocol.TCP, 9000)).build(),
            "cluster \"web\" has protocol TCP and cannot serve HTTP routes"),
        Arguments.of(
            "duplicateClusterNameIsRejected",
            valid().toBuilder().addClusters(http1("web", 9001)).build(),
            "clusters[web].name: duplicate cluster name \"web\""),
        Arguments.of(
            "endpointPortZeroIsRejected",
            valid().toBuilder().setClusters(0, http1("web", 0)).build(),
            "clusters[web].endpoints[0].port: must be in inclusive range [1, 65535], got 0"),
        Arguments.of(
            "tcpListenerWithUnknownClusterIsRejected",
            valid().toBuilder()
                .addListeners(
                    Listener.newBuilder()
                        .setName("tcp")
                        .setAddress("127.0.0.1")
                        .setPort(9999)
                        .setTcp(
                            TcpListener.newBuilder()
                                .addClusters(WeightedCluster.newBuilder().setCluster("db"))))
                .build(),
            "listeners[tcp].tcp.clusters[0].cluster: unknown cluster \"db\""));
  }

  @Test
  void endpointsAreCompiledAsTheyAreNamedWithoutResolving() throws InvalidConfigException {
    // Resolving is the bind step's (ConfigBinderTest): a name that would not resolve is kept here.
    ProxyConfig config =
        valid().toBuilder()
            .setClusters(
                0,
                Cluster.newBuilder()
                    .setName("web")
                    .setProtocol(UpstreamProtocol.HTTP1)
                    .addEndpoints(
                        Endpoint.newBuilder().setAddress("unresolvable.invalid").setPort(80))
                    .addEndpoints(
                        Endpoint.newBuilder().setAddress("127.0.0.1").setPort(81).setWeight(3)))
            .build();
    RuntimeConfig compiled = compiler.compile(config);
    assertThat(compiled.clusters().get("web").endpoints())
        .containsExactly(
            new EndpointConfig("unresolvable.invalid", 80, 1),
            new EndpointConfig("127.0.0.1", 81, 3));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidConfigs")
  void invalidConfigIsRejectedWithItsPath(String rule, ProxyConfig config, String expected) {
    assertThatThrownBy(() -> compiler.compile(config))
        .isInstanceOf(InvalidConfigException.class)
        .satisfies(
            e ->
                assertThat(((InvalidConfigException) e).errors())
                    .anySatisfy(error -> assertThat(error).contains(expected)));
  }

  @Test
  void outboundOnAnAddressOfNoLocalInterfaceIsCompiledAndMarkedOutbound() throws Exception {
    // Whether an address is this host's is the bind step's question (ConfigBinderTest);
    // 192.0.2.0/24
    // is TEST-NET-1, on no interface
    Listener clusterIp = sidecarListener(valid().getListeners(0), OUTBOUND, "192.0.2.10", 5000);
    Listener loopback = sidecarListener(valid().getListeners(0), OUTBOUND, "127.0.0.1", 33033);

    RuntimeConfig compiled =
        compiler.compile(
            valid().toBuilder().addListeners(clusterIp).addListeners(loopback).build());

    assertThat(compiled.listeners())
        .extracting(ListenerConfig::name, ListenerConfig::isOutbound)
        .containsExactly(
            tuple("http", false),
            tuple("outbound:192.0.2.10:5000", true),
            tuple("outbound:127.0.0.1:33033", true));
  }

  @Test
  void theReadinessAddressTakesTheAdminPort() throws Exception {
    ProxyConfig config =
        valid().toBuilder()
            .setAdmin(
                io.portico.proxy.api.v1.Admin.newBuilder()
                    .setAddress("127.0.0.1")
                    .setPort(9901)
                    .setReadinessAddress("10.0.0.7"))
            .build();

    assertThat(compiler.compile(config).readiness()).contains(BindAddress.of("10.0.0.7", 9901, ""));
    assertThat(
            compiler
                .compile(
                    config.toBuilder()
                        .setAdmin(config.getAdmin().toBuilder().setReadinessAddress(""))
                        .build())
                .readiness())
        .isEmpty();
  }

  @Test
  void aReadinessAddressMustBeAnIpNotTakenByAListener() {
    Listener taken =
        valid().getListeners(0).toBuilder()
            .setName("inbound")
            .setAddress("10.0.0.7")
            .setPort(9901)
            .build();
    ProxyConfig config =
        valid().toBuilder()
            .addListeners(taken)
            .setAdmin(
                io.portico.proxy.api.v1.Admin.newBuilder()
                    .setPort(9901)
                    .setReadinessAddress("10.0.0.7"))
            .build();
    assertThatThrownBy(() -> compiler.compile(config))
        .isInstanceOfSatisfying(
            InvalidConfigException.class,
            e ->
                assertThat(e.errors())
                    .containsExactly(
                        "admin.readiness_address: 10.0.0.7:9901 is also the address of listener"
                            + " \"inbound\""));
    ProxyConfig named =
        valid().toBuilder()
            .setAdmin(
                io.portico.proxy.api.v1.Admin.newBuilder()
                    .setPort(9901)
                    .setReadinessAddress("pod.local"))
            .build();
    assertThatThrownBy(() -> compiler.compile(named))
        .isInstanceOfSatisfying(
            InvalidConfigException.class,
            e ->
                assertThat(e.errors())
                    .singleElement()
                    .asString()
                    .startsWith("admin.readiness_address"));
  }

  @Test
  void everyErrorIsReportedAtOnce() {
    ProxyConfig config =
        valid().toBuilder()
            .addClusters(http1("web", 0))
            .addListeners(Listener.newBuilder().setName("bare").setPort(70000))
            .build();
    assertThatThrownBy(() -> compiler.compile(config))
        .isInstanceOfSatisfying(
            InvalidConfigException.class,
            e -> assertThat(e.errors()).hasSizeGreaterThanOrEqualTo(4));
  }

  @Test
  void defaultsApplyWhenLimitsAreUnset() throws Exception {
    RuntimeConfig config = compiler.compile(valid());
    HttpListenerConfig listener = (HttpListenerConfig) config.listeners().iterator().next();
    assertThat(listener.maxRequestHeaderBytes()).isEqualTo(60 * 1024);
    assertThat(listener.requestHeadersTimeout()).isEqualTo(java.time.Duration.ofSeconds(10));
    assertThat(listener.rejectsUnderscoreHeaders()).isFalse();
    ClusterConfig web = config.clusters().get("web");
    assertThat(web.protocol()).isEqualTo(io.portico.proxy.config.UpstreamProtocol.HTTP1);
    assertThat(web.connectTimeout()).isEqualTo(java.time.Duration.ofSeconds(5));
    RouteConfig route =
        listener.hosts().find("any").orElseThrow().routes().entries().get(0).route();
    assertThat(route.timeout()).isEqualTo(java.time.Duration.ofSeconds(15));
  }

  @Test
  void setOfHostBecomesTheAuthorityRewrite() throws Exception {
    RuntimeConfig config =
        compiler.compile(
            withRoute(
                route(
                    r ->
                        r.setRequestHeaders(
                            HeaderMutation.newBuilder()
                                .addSet(
                                    io.portico.proxy.api.v1.HeaderValue.newBuilder()
                                        .setName(":authority")
                                        .setValue("b.example"))))));
    RouteConfig route =
        ((HttpListenerConfig) config.listeners().iterator().next())
            .hosts()
            .find("x")
            .orElseThrow()
            .routes()
            .entries()
            .get(0)
            .route();
    assertThat(((RouteAction.Forward) route.action()).hostRewrite()).isEqualTo("b.example");
    assertThat(route.requestHeaders().set()).isEmpty();
  }

  @Test
  void singleClusterOfWeightZeroGetsAllTraffic() throws Exception {
    RuntimeConfig config =
        compiler.compile(
            withRoute(
                route(
                    r ->
                        r.setForward(
                            Forward.newBuilder()
                                .addClusters(
                                    WeightedCluster.newBuilder()
                                        .setCluster("web")
                                        .setWeight(0))))));
    RouteConfig route =
        ((HttpListenerConfig) config.listeners().iterator().next())
            .hosts()
            .find("x")
            .orElseThrow()
            .routes()
            .entries()
            .get(0)
            .route();
    WeightedClusters clusters = ((RouteAction.Forward) route.action()).clusters();
    assertThat(clusters.choices()).containsExactly(new WeightedClusters.Choice("web", 0));
    assertThat(new ConfigBinder().bind(config, null).pick(clusters).name()).isEqualTo("web");
  }

  @Test
  void virtualHostWithoutRoutesIsValid() throws Exception {
    ProxyConfig config =
        valid().toBuilder()
            .setListeners(
                0,
                httpListener(
                    "http",
                    8080,
                    VirtualHost.newBuilder().setName("empty").addDomains("*").build()))
            .build();
    assertThat(compiler.compile(config).listeners()).hasSize(1);
  }
}
