package io.portico.proxy.runtime;

import static io.portico.proxy.fixture.Configs.cluster;
import static io.portico.proxy.fixture.Configs.forward;
import static io.portico.proxy.fixture.Configs.http1;
import static io.portico.proxy.fixture.Configs.httpListener;
import static io.portico.proxy.fixture.Configs.prefix;
import static io.portico.proxy.fixture.Configs.vhost;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Duration;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.util.ReferenceCountUtil;
import io.portico.proxy.api.v1.CircuitBreaker;
import io.portico.proxy.api.v1.Cluster;
import io.portico.proxy.api.v1.ProxyConfig;
import io.portico.proxy.api.v1.RetryPolicy;
import io.portico.proxy.api.v1.Route;
import io.portico.proxy.api.v1.RoutePolicy;
import io.portico.proxy.fixture.EchoUpstream;
import io.portico.proxy.fixture.RawHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The route's Retry policy (spec gateway.md §4.5) through a running proxy and echo upstreams. */
class RetryPolicyTest {
  private ProxyRuntime runtime;

  @BeforeEach
  void start() {
    runtime = ProxyRuntime.builder().eventLoopThreads(1).build();
  }

  @AfterEach
  void stop() {
    runtime.close();
  }

  private int serve(RetryPolicy retry, int... ports) {
    Route route = forward("r", prefix("/"), "svc");
    if (retry != null) {
      route = route.toBuilder().setPolicy(RoutePolicy.newBuilder().setRetry(retry)).build();
    }
    ProxyConfig config =
        ProxyConfig.newBuilder()
            .setVersion("v1")
            .addClusters(http1("svc", ports))
            .addListeners(httpListener("http", 0, vhost("all", List.of("*"), route)))
            .build();
    assertThat(runtime.apply(config)).isEmpty();
    return runtime.listenerPort("http").orElseThrow();
  }

  private static RetryPolicy.Builder retries(int n, String... retryOn) {
    return RetryPolicy.newBuilder()
        .setNumRetries(n)
        .setBaseInterval(Duration.newBuilder().setNanos(1_000_000))
        .addAllRetryOn(List.of(retryOn));
  }

  private static List<Integer> statuses(int port, int count) {
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      statuses.add(RawHttpClient.request(port, "h", "/").status());
    }
    return statuses;
  }

  private static List<Integer> postStatuses(int port, int count) {
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      try (RawHttpClient client = RawHttpClient.connect(port)) {
        statuses.add(client.exchange("POST", "h", "/", "order-" + i).status());
      }
    }
    return statuses;
  }

  @Test
  void a503FromOneInstanceIsRetriedOnTheOther() {
    try (EchoUpstream bad = EchoUpstream.http1("bad").answering(503);
        EchoUpstream good = EchoUpstream.http1("good")) {
      int port = serve(retries(1).build(), bad.port(), good.port());
      assertThat(statuses(port, 6)).containsOnly(200);
      assertThat(bad.requests()).isPositive();
    }
  }

  @Test
  void theCircuitBreakersMaxRetriesBoundsRequestsBeingRetriedAtOnce() throws Exception {
    try (EchoUpstream bad = EchoUpstream.http1("bad").answering(503).delaying(400)) {
      Route route =
          forward("r", prefix("/"), "svc").toBuilder()
              .setPolicy(RoutePolicy.newBuilder().setRetry(retries(1, "5xx")))
              .build();
      Cluster limited =
          http1("svc", bad.port()).toBuilder()
              .setCircuitBreaker(CircuitBreaker.newBuilder().setMaxRetries(1))
              .build();
      ProxyConfig config =
          ProxyConfig.newBuilder()
              .setVersion("v1")
              .addClusters(limited)
              .addListeners(httpListener("http", 0, vhost("all", List.of("*"), route)))
              .build();
      assertThat(runtime.apply(config)).isEmpty();
      int port = runtime.listenerPort("http").orElseThrow();

      // Both first tries end together; only one request may then be retried.
      ExecutorService clients = Executors.newFixedThreadPool(2);
      try {
        List<Future<RawHttpClient.Response>> answers =
            clients.invokeAll(
                List.of(
                    () -> RawHttpClient.request(port, "h", "/a"),
                    () -> RawHttpClient.request(port, "h", "/b")));
        for (Future<RawHttpClient.Response> answer : answers) {
          assertThat(answer.get().status()).isEqualTo(503);
        }
      } finally {
        clients.shutdownNow();
      }
      assertThat(bad.requests()).as("two first tries and one retry").isEqualTo(3);

      // The place is given back when the retried request ends: a later request is retried.
      assertThat(RawHttpClient.request(port, "h", "/c").status()).isEqualTo(503);
      assertThat(bad.requests()).isEqualTo(5);
    }
  }

  @Test
  void withoutARetryPolicyThe503ReachesTheClient() {
    try (EchoUpstream bad = EchoUpstream.http1("bad").answering(503);
        EchoUpstream good = EchoUpstream.http1("good")) {
      int port = serve(null, bad.port(), good.port());
      assertThat(statuses(port, 6)).contains(503, 200);
    }
  }

  @Test
  void retriableStatusCodesReplaceTheDefaultConditions() {
    try (EchoUpstream bad = EchoUpstream.http1("bad").answering(503);
        EchoUpstream good = EchoUpstream.http1("good")) {
      RetryPolicy only500 =
          RetryPolicy.newBuilder().setNumRetries(3).addRetriableStatusCodes(500).build();
      int port = serve(only500, bad.port(), good.port());
      assertThat(statuses(port, 6)).contains(503, 200);

      RetryPolicy with503 = only500.toBuilder().addRetriableStatusCodes(503).build();
      port = serve(with503, bad.port(), good.port());
      assertThat(statuses(port, 6)).containsOnly(200);
    }
  }

  @Test
  void afterTheLastTryTheClientGetsTheUpstreamsResponse() {
    try (EchoUpstream bad = EchoUpstream.http1("bad").answering(503)) {
      int port = serve(retries(2, "5xx").build(), bad.port());
      RawHttpClient.Response response = RawHttpClient.request(port, "h", "/");
      assertThat(response.status()).isEqualTo(503);
      assertThat(response.header("x-upstream")).isEqualTo("bad");
      assertThat(EchoUpstream.parse(response.body()).get("server").asText()).isEqualTo("bad");
      assertThat(bad.requests()).isEqualTo(3);
    }
  }

  @Test
  void retriesReuseTheConnectionOfARetriedCompleteResponse() {
    try (EchoUpstream bad = EchoUpstream.http1("bad").answering(503)) {
      int port = serve(retries(2, "5xx").build(), bad.port());
      assertThat(RawHttpClient.request(port, "h", "/").status()).isEqualTo(503);
      assertThat(bad.requests()).isEqualTo(3);
      assertThat(bad.connections()).isEqualTo(1);
    }
  }

  @Test
  void conditionsNotListedAreNotRetried() {
    try (EchoUpstream bad = EchoUpstream.http1("bad").answering(500)) {
      int port = serve(retries(2, "gateway-error").build(), bad.port());
      assertThat(RawHttpClient.request(port, "h", "/").status()).isEqualTo(500);
      assertThat(bad.requests()).isEqualTo(1);
    }
  }

  @Test
  void retriable4xxRetriesAConflict() {
    try (EchoUpstream bad = EchoUpstream.http1("bad").answering(409)) {
      int port = serve(retries(1, "retriable-4xx").build(), bad.port());
      assertThat(RawHttpClient.request(port, "h", "/").status()).isEqualTo(409);
      assertThat(bad.requests()).isEqualTo(2);
    }
  }

  @Test
  void retriableMethodsRestrictWhichRequestsAreRetried() {
    try (EchoUpstream bad = EchoUpstream.http1("bad").answering(503)) {
      int port = serve(retries(2, "5xx").addRetriableMethods("GET").build(), bad.port());
      try (RawHttpClient client = RawHttpClient.connect(port)) {
        assertThat(client.exchange("POST", "h", "/", "x").status()).isEqualTo(503);
      }
      assertThat(bad.requests()).isEqualTo(1);
      assertThat(RawHttpClient.request(port, "h", "/").status()).isEqualTo(503);
      assertThat(bad.requests()).isEqualTo(4);
    }
  }

  @Test
  void theRequestBodyIsSentAgainOnARetry() {
    try (EchoUpstream bad = EchoUpstream.http1("bad").answering(503);
        EchoUpstream good = EchoUpstream.http1("good")) {
      int port = serve(retries(1, "5xx").build(), bad.port(), good.port());
      for (int i = 0; i < 4; i++) {
        try (RawHttpClient client = RawHttpClient.connect(port)) {
          RawHttpClient.Response response = client.exchange("POST", "h", "/", "hello " + i);
          assertThat(response.status()).isEqualTo(200);
          assertThat(EchoUpstream.parse(response.body()).get("body").asText())
              .isEqualTo("hello " + i);
        }
      }
      assertThat(bad.requests()).isPositive();
    }
  }

  @Test
  void aBodyLargerThanTheReplayBufferIsNotRetried() {
    try (EchoUpstream bad = EchoUpstream.http1("bad").answering(503)) {
      int port = serve(retries(2, "5xx").build(), bad.port());
      String body = "x".repeat(100 * 1024);
      try (RawHttpClient client = RawHttpClient.connect(port)) {
        assertThat(client.exchange("POST", "h", "/", body).status()).isEqualTo(503);
      }
      assertThat(bad.requests()).isEqualTo(1);
      String small = "x".repeat(1024);
      try (RawHttpClient client = RawHttpClient.connect(port)) {
        assertThat(client.exchange("POST", "h", "/", small).status()).isEqualTo(503);
      }
      assertThat(bad.requests()).isEqualTo(4);
    }
  }

  @Test
  void aTryBeyondThePerTryTimeoutIsRetriedElsewhere() {
    try (EchoUpstream slow = EchoUpstream.http1("slow").delaying(5_000);
        EchoUpstream fast = EchoUpstream.http1("fast")) {
      RetryPolicy retry =
          retries(1, "gateway-error")
              .setPerTryTimeout(Duration.newBuilder().setNanos(200_000_000))
              .build();
      int port = serve(retry, slow.port(), fast.port());
      for (int i = 0; i < 4; i++) {
        RawHttpClient.Response response = RawHttpClient.request(port, "h", "/");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("x-upstream")).isEqualTo("fast");
      }
    }
  }

  @Test
  void theLastTryBeyondThePerTryTimeoutIs504() {
    try (EchoUpstream slow = EchoUpstream.http1("slow").delaying(5_000)) {
      RetryPolicy retry =
          retries(1, "gateway-error")
              .setPerTryTimeout(Duration.newBuilder().setNanos(200_000_000))
              .build();
      int port = serve(retry, slow.port());
      RawHttpClient.Response response = RawHttpClient.request(port, "h", "/");
      assertThat(response.status()).isEqualTo(504);
      assertThat(response.body()).isEqualTo("upstream request timeout");
    }
  }

  @Test
  void aResetBeforeTheResponseHeadIsRetried() throws IOException {
    try (ServerSocket resetting = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        EchoUpstream good = EchoUpstream.http1("good")) {
      AtomicInteger resets = new AtomicInteger();
      Thread thread = new Thread(() -> closeAfterTheHead(resetting, resets), "resetting");
      thread.setDaemon(true);
      thread.start();
      // POSTs: an idempotent request cut before its response goes to the other endpoint whatever
      // the policy (DeadEndpointTest); a POST only when the policy says so.
      int port = serve(retries(1, "reset").build(), resetting.getLocalPort(), good.port());
      assertThat(postStatuses(port, 4)).containsOnly(200);
      assertThat(resets.get()).isPositive();

      port = serve(retries(1, "retriable-4xx").build(), resetting.getLocalPort(), good.port());
      assertThat(postStatuses(port, 4)).contains(503, 200);
    }
  }

  @Test
  void connectFailuresAreRetriedByDefault() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    try (EchoUpstream good = EchoUpstream.http1("good")) {
      int port = serve(RetryPolicy.newBuilder().setNumRetries(1).build(), closed, good.port());
      assertThat(statuses(port, 4)).containsOnly(200);
    }
  }

  @Test
  void aRefusedHttp2StreamIsRetriedUnderRefusedStream() {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try (EchoUpstream good = EchoUpstream.http2("good")) {
      Channel refusing = refusingHttp2Server(group);
      int refusingPort = ((InetSocketAddress) refusing.localAddress()).getPort();
      Route route =
          forward("r", prefix("/"), "svc").toBuilder()
              .setPolicy(RoutePolicy.newBuilder().setRetry(retries(1, "refused-stream").build()))
              .build();
      ProxyConfig config =
          ProxyConfig.newBuilder()
              .setVersion("v1")
              .addClusters(
                  cluster(
                      "svc",
                      io.portico.proxy.api.v1.UpstreamProtocol.HTTP2,
                      refusingPort,
                      good.port()))
              .addListeners(httpListener("http", 0, vhost("all", List.of("*"), route)))
              .build();
      assertThat(runtime.apply(config)).isEmpty();
      int port = runtime.listenerPort("http").orElseThrow();
      assertThat(statuses(port, 4)).containsOnly(200);

      Route connectOnly =
          route.toBuilder()
              .setPolicy(RoutePolicy.newBuilder().setRetry(retries(1, "connect-failure").build()))
              .build();
      config =
          config.toBuilder()
              .setListeners(0, httpListener("http", 0, vhost("all", List.of("*"), connectOnly)))
              .build();
      assertThat(runtime.apply(config)).isEmpty();
      port = runtime.listenerPort("http").orElseThrow();
      assertThat(statuses(port, 4)).contains(503, 200);
      refusing.close().syncUninterruptibly();
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  @Test
  void aGrpcStatusListedInRetryOnIsRetriedOnTheOtherInstance() {
    try (EchoUpstream unavailable =
            EchoUpstream.http2("unavailable").answeringHeader("grpc-status", "14");
        EchoUpstream internal =
            EchoUpstream.http2("internal").answeringHeader("grpc-status", "13");
        EchoUpstream good = EchoUpstream.http2("good").answeringHeader("grpc-status", "0")) {
      Route route =
          forward("r", prefix("/"), "svc").toBuilder()
              .setPolicy(
                  RoutePolicy.newBuilder()
                      .setRetry(retries(1, "unavailable", "deadline-exceeded").build()))
              .build();
      ProxyConfig config =
          ProxyConfig.newBuilder()
              .setVersion("v1")
              .addClusters(
                  cluster(
                      "svc",
                      io.portico.proxy.api.v1.UpstreamProtocol.HTTP2,
                      unavailable.port(),
                      good.port()))
              .addListeners(httpListener("http", 0, vhost("all", List.of("*"), route)))
              .build();
      assertThat(runtime.apply(config)).isEmpty();
      int port = runtime.listenerPort("http").orElseThrow();
      for (int i = 0; i < 4; i++) {
        assertThat(RawHttpClient.request(port, "h", "/").header("x-upstream")).isEqualTo("good");
      }

      config =
          config.toBuilder()
              .setClusters(
                  0,
                  cluster(
                      "svc",
                      io.portico.proxy.api.v1.UpstreamProtocol.HTTP2,
                      internal.port(),
                      good.port()))
              .build();
      assertThat(runtime.apply(config)).isEmpty();
      List<String> upstreams = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        upstreams.add(RawHttpClient.request(port, "h", "/").header("x-upstream"));
      }
      assertThat(upstreams).as("internal (13) is not listed").contains("internal", "good");
    }
  }

  /** An HTTP/2 server (prior knowledge) that refuses every stream with RST_STREAM. */
  private static Channel refusingHttp2Server(EventLoopGroup group) {
    return new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .childHandler(
            new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel ch) {
                ch.pipeline()
                    .addLast(Http2FrameCodecBuilder.forServer().build())
                    .addLast(
                        new Http2MultiplexHandler(
                            new ChannelInitializer<Channel>() {
                              @Override
                              protected void initChannel(Channel stream) {
                                stream.pipeline().addLast(new RefuseStream());
                              }
                            }));
              }
            })
        .bind(new InetSocketAddress("127.0.0.1", 0))
        .syncUninterruptibly()
        .channel();
  }

  /** Answers a stream's headers with RST_STREAM REFUSED_STREAM. */
  private static final class RefuseStream extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ReferenceCountUtil.release(msg);
      if (msg instanceof Http2HeadersFrame) {
        ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.REFUSED_STREAM));
      }
    }
  }

  /** Accepts connections, reads a request head and closes without answering. */
  private static void closeAfterTheHead(ServerSocket server, AtomicInteger resets) {
    while (!server.isClosed()) {
      try (Socket socket = server.accept()) {
        InputStream in = socket.getInputStream();
        int state = 0;
        int b;
        while (state < 4 && (b = in.read()) >= 0) {
          state = (b == '\r' || b == '\n') ? state + 1 : 0;
        }
        resets.incrementAndGet();
      } catch (IOException e) {
        // closed
      }
    }
  }
}
