package io.portico.proxy.http;

import static io.portico.proxy.fixture.Configs.forward;
import static io.portico.proxy.fixture.Configs.http1;
import static io.portico.proxy.fixture.Configs.prefix;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Duration;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.portico.proxy.api.v1.DirectResponse;
import io.portico.proxy.api.v1.HeaderMutation;
import io.portico.proxy.api.v1.HeaderValue;
import io.portico.proxy.api.v1.HttpListener;
import io.portico.proxy.api.v1.Listener;
import io.portico.proxy.api.v1.ProxyConfig;
import io.portico.proxy.api.v1.Redirect;
import io.portico.proxy.api.v1.Route;
import io.portico.proxy.api.v1.VirtualHost;
import io.portico.proxy.bind.ActiveConfig;
import io.portico.proxy.bind.BoundConfig;
import io.portico.proxy.bind.ConfigBinder;
import io.portico.proxy.config.BindAddress;
import io.portico.proxy.config.HttpListenerConfig;
import io.portico.proxy.config.RuntimeConfigCompiler;
import io.portico.proxy.routing.FractionSampler;
import io.portico.proxy.transport.DrainEvent;
import io.portico.proxy.transport.Transport;
import io.portico.proxy.upstream.UpstreamPools;
import io.portico.proxy.upstream.UpstreamStats;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The downstream HTTP pipeline on an {@link EmbeddedChannel}: request validation and the answers
 * the proxy gives itself (spec gateway.md §2.6, §3.4, §3.5; RFC 9112 framing).
 */
class HttpProxyHandlerTest {
  private static Transport transport;
  private static HttpServices services;
  private EmbeddedChannel channel;

  @BeforeAll
  static void startTransport() {
    transport = Transport.start(1, false);
    services =
        new HttpServices(
            new UpstreamPools(transport, new UpstreamStats()), new FractionSampler(() -> 0.0));
  }

  @AfterAll
  static void stopTransport() {
    transport.close();
  }

  @AfterEach
  void closeChannel() {
    if (channel != null) {
      channel.finishAndReleaseAll();
    }
  }

  private static HeaderValue header(String name, String value) {
    return HeaderValue.newBuilder().setName(name).setValue(value).build();
  }

  private EmbeddedChannel channel(boolean edge, int maxHeaderBytes) throws Exception {
    VirtualHost api =
        VirtualHost.newBuilder()
            .setName("api")
            .addDomains("api.example.com")
            .addResponseHeaders(header("x-vhost", "api"))
            .addRoutes(
                Route.newBuilder()
                    .setName("direct")
                    .setMatch(prefix("/direct"))
                    .setDirectResponse(
                        DirectResponse.newBuilder()
                            .setStatus(418)
                            .setBody("teapot")
                            .addHeaders(header("x-direct", "1")))
                    .setResponseHeaders(HeaderMutation.newBuilder().addSet(header("x-route", "r"))))
            .addRoutes(
                Route.newBuilder()
                    .setName("redirect")
                    .setMatch(prefix("/moved"))
                    .setRedirect(Redirect.newBuilder().setStatusCode(302).setPort(0)))
            .addRoutes(forward("none", prefix("/none"), "empty"))
            .build();
    ProxyConfig config =
        ProxyConfig.newBuilder()
            .setVersion("v1")
            .addClusters(http1("empty"))
            .addListeners(
                Listener.newBuilder()
                    .setName("http")
                    .setAddress("127.0.0.1")
                    .setPort(0)
                    .setHttp(
                        HttpListener.newBuilder()
                            .setEdge(edge)
                            .setServerHeader("portico")
                            .setMaxRequestHeaderBytes(maxHeaderBytes)
                            .setRequestHeadersTimeout(Duration.newBuilder().setSeconds(2))
                            .addVirtualHosts(api)))
            .build();
    BoundConfig bound = new ConfigBinder().bind(new RuntimeConfigCompiler().compile(config), null);
    ActiveConfig active = new ActiveConfig();
    active.set(bound);
    HttpListenerConfig listener =
        (HttpListenerConfig) bound.listener(BindAddress.of("127.0.0.1", 0, "http"));
    channel = new EmbeddedChannel();
    channel.freezeTime();
    new HttpServerInitializer(active, services).initChannel(channel, listener, bound);
    return channel;
  }

  private EmbeddedChannel channel() throws Exception {
    return channel(true, 0);
  }

  private static String send(EmbeddedChannel channel, String request) {
    channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.ISO_8859_1));
    channel.runPendingTasks();
    return written(channel);
  }

  private static String written(EmbeddedChannel channel) {
    StringBuilder out = new StringBuilder();
    Object msg;
    while ((msg = channel.readOutbound()) != null) {
      ByteBuf buf = (ByteBuf) msg;
      out.append(buf.toString(StandardCharsets.ISO_8859_1));
      buf.release();
    }
    return out.toString();
  }

  @Test
  void bothTransferEncodingAndContentLengthIs400AndCloses() throws Exception {
    String response =
        send(
            channel(),
            "POST /direct HTTP/1.1\r\nHost: api.example.com\r\nContent-Length: 3\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
    assertThat(response).startsWith("HTTP/1.1 400 ");
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void differingContentLengthsAre400AndClose() throws Exception {
    String response =
        send(
            channel(),
            "POST /direct HTTP/1.1\r\nHost: api.example.com\r\nContent-Length: 3\r\n"
                + "Content-Length: 4\r\n\r\nabcd");
    assertThat(response).startsWith("HTTP/1.1 400 ");
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void repeatedContentLengthIs400() throws Exception {
    String response =
        send(
            channel(),
            "POST /direct HTTP/1.1\r\nHost: api.example.com\r\nContent-Length: 3\r\n"
                + "Content-Length: 3\r\n\r\nabc");
    assertThat(response).startsWith("HTTP/1.1 400 ");
  }

  @Test
  void invalidHeaderNameIs400() throws Exception {
    String response =
        send(channel(), "GET /direct HTTP/1.1\r\nHost: api.example.com\r\nBad Name: x\r\n\r\n");
    assertThat(response).startsWith("HTTP/1.1 400 ");
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void underscoreHeaderNameIs400OnEdgeListeners() throws Exception {
    String response =
        send(channel(), "GET /direct HTTP/1.1\r\nHost: api.example.com\r\nx_forged: 1\r\n\r\n");
    assertThat(response).startsWith("HTTP/1.1 400 ");
  }

  @Test
  void underscoreHeaderNameIsAllowedOffTheEdge() throws Exception {
    String response =
        send(
            channel(false, 0),
            "GET /direct HTTP/1.1\r\nHost: api.example.com\r\nx_forged: 1\r\n\r\n");
    assertThat(response).startsWith("HTTP/1.1 418 ");
  }

  @Test
  void oversizedHeadersAre431AndClose() throws Exception {
    String response =
        send(
            channel(true, 1024),
            "GET /direct HTTP/1.1\r\nHost: api.example.com\r\nx-big: "
                + "a".repeat(2000)
                + "\r\n\r\n");
    assertThat(response).startsWith("HTTP/1.1 431 ");
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void oversizedRequestLineIs431() throws Exception {
    String response =
        send(
            channel(true, 1024),
            "GET /direct?" + "a".repeat(2000) + " HTTP/1.1\r\nHost: api.example.com\r\n\r\n");
    assertThat(response).startsWith("HTTP/1.1 431 ");
  }

  @Test
  void incompleteHeadersAfterTheTimeoutAre408AndClose() throws Exception {
    EmbeddedChannel ch = channel();
    assertThat(send(ch, "GET /direct HTTP/1.1\r\nHost: api.exa")).isEmpty();
    ch.advanceTimeBy(2, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    assertThat(written(ch)).startsWith("HTTP/1.1 408 ");
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void completeHeadersStopTheHeadersTimer() throws Exception {
    EmbeddedChannel ch = channel();
    assertThat(send(ch, "GET /direct HTTP/1.1\r\nHost: api.example.com\r\n\r\n"))
        .startsWith("HTTP/1.1 418 ");
    ch.advanceTimeBy(3, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    assertThat(written(ch)).isEmpty();
    assertThat(ch.isOpen()).isTrue();
  }

  @Test
  void http2RequestLineIs400() throws Exception {
    String response = send(channel(), "GET / HTTP/2.0\r\nHost: api.example.com\r\n\r\n");
    assertThat(response).startsWith("HTTP/1.1 400 ");
  }

  @Test
  void unsupportedExpectationIs417() throws Exception {
    String response =
        send(channel(), "GET /direct HTTP/1.1\r\nHost: api.example.com\r\nExpect: magic\r\n\r\n");
    assertThat(response).startsWith("HTTP/1.1 417 ");
  }

  @Test
  void unknownHostIs404WithEmptyBody() throws Exception {
    String response = send(channel(), "GET /direct HTTP/1.1\r\nHost: other.org\r\n\r\n");
    assertThat(response)
        .startsWith("HTTP/1.1 404 ")
        .contains("content-length: 0")
        .endsWith("\r\n\r\n");
    assertThat(channel.isOpen()).isTrue();
  }

  @Test
  void noMatchingRouteIs404WithEmptyBodyAndVirtualHostHeaders() throws Exception {
    String response = send(channel(), "GET /unrouted HTTP/1.1\r\nHost: api.example.com\r\n\r\n");
    assertThat(response)
        .startsWith("HTTP/1.1 404 ")
        .contains("content-length: 0")
        .contains("x-vhost: api")
        .contains("server: portico");
  }

  @Test
  void clusterWithoutEndpointsIs503NoHealthyUpstream() throws Exception {
    String response = send(channel(), "GET /none HTTP/1.1\r\nHost: api.example.com\r\n\r\n");
    assertThat(response).startsWith("HTTP/1.1 503 ").endsWith("no healthy upstream");
  }

  @Test
  void directResponseCarriesItsBodyAndHeadersAndRouteMutations() throws Exception {
    String response = send(channel(), "GET /direct HTTP/1.1\r\nHost: api.example.com\r\n\r\n");
    assertThat(response)
        .startsWith("HTTP/1.1 418 ")
        .contains("x-direct: 1")
        .contains("x-route: r")
        .contains("x-vhost: api")
        .endsWith("teapot");
  }

  @Test
  void redirectKeepsHostPathAndQueryWhenNotStripped() throws Exception {
    String response =
        send(channel(), "GET /moved/a?b=1 HTTP/1.1\r\nHost: API.example.com:8080\r\n\r\n");
    assertThat(response)
        .startsWith("HTTP/1.1 302 ")
        .contains("location: http://api.example.com/moved/a?b=1");
  }

  @Test
  void keepAliveServesSeveralRequestsOnOneConnection() throws Exception {
    EmbeddedChannel ch = channel();
    for (int i = 0; i < 3; i++) {
      assertThat(send(ch, "GET /direct HTTP/1.1\r\nHost: api.example.com\r\n\r\n"))
          .startsWith("HTTP/1.1 418 ");
    }
    assertThat(ch.isOpen()).isTrue();
  }

  @Test
  void connectionCloseRequestIsAnsweredThenClosed() throws Exception {
    String response =
        send(
            channel(),
            "GET /direct HTTP/1.1\r\nHost: api.example.com\r\nConnection: close\r\n\r\n");
    assertThat(response).startsWith("HTTP/1.1 418 ").contains("connection: close");
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void requestBodyOfALocalAnswerIsDroppedAndTheConnectionGoesOn() throws Exception {
    EmbeddedChannel ch = channel();
    assertThat(
            send(
                ch,
                "POST /direct HTTP/1.1\r\nHost: api.example.com\r\nContent-Length: 10\r\n\r\n01234"))
        .startsWith("HTTP/1.1 418 ");
    assertThat(send(ch, "56789GET /direct HTTP/1.1\r\nHost: api.example.com\r\n\r\n"))
        .startsWith("HTTP/1.1 418 ");
  }

  @Test
  void drainClosesAnIdleConnection() throws Exception {
    EmbeddedChannel ch = channel();
    assertThat(send(ch, "GET /direct HTTP/1.1\r\nHost: api.example.com\r\n\r\n"))
        .startsWith("HTTP/1.1 418 ");
    ch.pipeline().fireUserEventTriggered(DrainEvent.INSTANCE);
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void aConnectionWithoutARequestForTheIdleTimeoutIsClosed() throws Exception {
    EmbeddedChannel ch = channel();
    ch.advanceTimeBy(4, TimeUnit.MINUTES);
    ch.runScheduledPendingTasks();
    assertThat(send(ch, "GET /direct HTTP/1.1\r\nHost: api.example.com\r\n\r\n"))
        .startsWith("HTTP/1.1 418 ");
    // The timer restarts when the exchange ends: 4 more minutes are not 5 without a request.
    ch.advanceTimeBy(4, TimeUnit.MINUTES);
    ch.runScheduledPendingTasks();
    assertThat(ch.isOpen()).isTrue();
    ch.advanceTimeBy(61, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void aRequestInProgressIsNotCutByTheIdleTimeout() throws Exception {
    EmbeddedChannel ch = channel();
    assertThat(
            send(
                ch,
                "POST /direct HTTP/1.1\r\nHost: api.example.com\r\nContent-Length: 10\r\n\r\n01234"))
        .startsWith("HTTP/1.1 418 ");
    ch.advanceTimeBy(6, TimeUnit.MINUTES);
    ch.runScheduledPendingTasks();
    assertThat(ch.isOpen()).isTrue();
    assertThat(send(ch, "56789GET /direct HTTP/1.1\r\nHost: api.example.com\r\n\r\n"))
        .startsWith("HTTP/1.1 418 ");
  }
}
