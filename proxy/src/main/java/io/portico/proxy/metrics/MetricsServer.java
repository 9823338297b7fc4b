package io.portico.proxy.metrics;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.portico.proxy.config.MetricsEndpointConfig;
import io.portico.proxy.transport.Transport;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Prometheus scrape socket: plain HTTP, {@code GET <path>} answers {@link ProxyMetrics#scrape}
 * in the text format, anything else 404 (405 for other methods). Like the admin server it moves
 * with the config: a new address gets a socket bound first ({@link #bind}, a failure NACKs the
 * config), the old one is closed once the config is applied ({@link #swap}); a config without
 * metrics closes it ({@link #close}). A new path on the same address keeps the socket.
 *
 * <pre>
 *  socket ──▶ HttpServerCodec ──▶ HttpObjectAggregator (8 KiB) ──▶ ScrapeHandler
 * </pre>
 */
public final class MetricsServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);
  private static final int MAX_REQUEST_BYTES = 8 * 1024;
  private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final Transport transport;
  private final ProxyMetrics metrics;
  private static final Duration AGGREGATE_TIMEOUT = Duration.ofSeconds(5);
  private volatile String path = "/metrics";
  private volatile List<MetricsEndpointConfig.Aggregate> aggregate = List.of();
  private HttpClient appClient;
  private MetricsEndpointConfig endpoint;
  private Channel channel;

  public MetricsServer(Transport transport, ProxyMetrics metrics) {
    this.transport = Objects.requireNonNull(transport, "transport");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  /** A bound socket not yet in use. */
  public record Binding(MetricsEndpointConfig endpoint, Channel channel) {
    public Binding {
      Objects.requireNonNull(endpoint, "endpoint");
      Objects.requireNonNull(channel, "channel");
    }
  }

  /** The endpoint served now; empty when none. */
  public Optional<MetricsEndpointConfig> endpoint() {
    return Optional.ofNullable(endpoint);
  }

  /** Where the socket listens (with the bound port), when it does. */
  public Optional<InetSocketAddress> localAddress() {
    return channel == null
        ? Optional.empty()
        : Optional.of((InetSocketAddress) channel.localAddress());
  }

  /** Whether serving {@code next} needs a new socket. */
  public boolean needsBinding(MetricsEndpointConfig next) {
    return endpoint == null || !endpoint.bind().equals(next.bind());
  }

  /**
   * Binds a socket for {@code endpoint}.
   *
   * @throws IllegalStateException naming the address and the cause when it cannot be bound
   */
  public Binding bind(MetricsEndpointConfig endpoint) {
    ChannelFuture future =
        new ServerBootstrap()
            .group(transport.group())
            .channel(transport.serverChannelClass())
            .option(ChannelOption.SO_REUSEADDR, true)
            .childHandler(new Initializer())
            .bind(new InetSocketAddress(endpoint.bind().host(), endpoint.bind().port()))
            .awaitUninterruptibly();
    if (!future.isSuccess()) {
      throw new IllegalStateException(
          "cannot bind " + endpoint.bind() + ": " + future.cause().getMessage(), future.cause());
    }
    return new Binding(endpoint, future.channel());
  }

  /** Serves on a new binding and closes the previous socket. */
  public void swap(Binding binding) {
    Channel previous = channel;
    channel = binding.channel();
    serve(binding.endpoint());
    log.atInfo()
        .addKeyValue("address", channel.localAddress())
        .addKeyValue("path", path)
        .log("metrics bound");
    if (previous != null) {
      previous.close().syncUninterruptibly();
    }
  }

  /** Serves {@code next} on the socket bound now (same address, maybe another path). */
  public void serve(MetricsEndpointConfig next) {
    endpoint = next;
    path = next.path();
    aggregate = next.aggregate();
  }

  /** Stops serving metrics. */
  @Override
  public void close() {
    if (channel != null) {
      channel.close().syncUninterruptibly();
      log.atInfo().addKeyValue("address", endpoint.bind()).log("metrics unbound");
      channel = null;
      endpoint = null;
    }
  }

  private final class Initializer extends ChannelInitializer<Channel> {
    @Override
    protected void initChannel(Channel ch) {
      ch.pipeline()
          .addLast(new HttpServerCodec())
          .addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES))
          .addLast(scrapeHandler);
    }
  }

  private final ScrapeHandler scrapeHandler = new ScrapeHandler();

  @ChannelHandler.Sharable
  private final class ScrapeHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      FullHttpResponse response;
      if (!new QueryStringDecoder(request.uri()).path().equals(path)) {
        response = text(HttpResponseStatus.NOT_FOUND, "not found\n", "text/plain; charset=utf-8");
      } else if (!HttpMethod.GET.equals(request.method())
          && !HttpMethod.HEAD.equals(request.method())) {
        response =
            text(
                HttpResponseStatus.METHOD_NOT_ALLOWED,
                "method not allowed\n",
                "text/plain; charset=utf-8");
      } else {
        List<MetricsEndpointConfig.Aggregate> apps = aggregate;
        if (!apps.isEmpty()) {
          boolean keepAlive = HttpUtil.isKeepAlive(request);
          String own = metrics.scrape();
          scrapeApplications(apps)
              .whenComplete(
                  (texts, failure) ->
                      ctx.executor()
                          .execute(
                              () ->
                                  respond(
                                      ctx,
                                      text(
                                          HttpResponseStatus.OK,
                                          own + (texts == null ? "" : texts),
                                          CONTENT_TYPE),
                                      keepAlive)));
          return;
        }
        response = text(HttpResponseStatus.OK, metrics.scrape(), CONTENT_TYPE);
      }
      respond(ctx, response, HttpUtil.isKeepAlive(request));
    }

    private void respond(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
      HttpUtil.setKeepAlive(response, keepAlive);
      if (keepAlive) {
        ctx.writeAndFlush(response);
      } else {
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      log.atDebug().addKeyValue("cause", cause.toString()).log("metrics connection failed");
      ctx.close();
    }
  }

  /**
   * Scrapes every application endpoint at once, off the event loop (the JDK client's threads); the
   * texts in config order, each ending with a newline. An endpoint that fails or is slower than 5 s
   * is left out with a comment naming it, so that one application cannot take the proxy's metrics
   * down.
   */
  private CompletableFuture<String> scrapeApplications(List<MetricsEndpointConfig.Aggregate> apps) {
    HttpClient client = client();
    List<CompletableFuture<String>> texts = new ArrayList<>(apps.size());
    for (MetricsEndpointConfig.Aggregate app : apps) {
      HttpRequest get = HttpRequest.newBuilder(app.uri()).timeout(AGGREGATE_TIMEOUT).GET().build();
      texts.add(
          client
              .sendAsync(get, HttpResponse.BodyHandlers.ofString())
              .handle(
                  (response, failure) -> {
                    if (failure != null) {
                      return "# aggregate " + app.name() + ": not scraped: " + failure + "\n";
                    }
                    if (response.statusCode() != 200) {
                      return "# aggregate "
                          + app.name()
                          + ": not scraped: status "
                          + response.statusCode()
                          + "\n";
                    }
                    String body = response.body();
                    return body.isEmpty() || body.endsWith("\n") ? body : body + "\n";
                  }));
    }
    return CompletableFuture.allOf(texts.toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              StringBuilder out = new StringBuilder();
              for (CompletableFuture<String> text : texts) {
                out.append(text.join());
              }
              return out.toString();
            });
  }

  private synchronized HttpClient client() {
    if (appClient == null) {
      appClient =
          HttpClient.newBuilder()
              .connectTimeout(AGGREGATE_TIMEOUT)
              .version(HttpClient.Version.HTTP_1_1)
              .build();
    }
    return appClient;
  }

  private static FullHttpResponse text(HttpResponseStatus status, String body, String type) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            status,
            Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8)));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
    HttpUtil.setContentLength(response, response.content().readableBytes());
    return response;
  }
}
