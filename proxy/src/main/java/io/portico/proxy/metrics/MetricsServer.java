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
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
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
  private volatile String path = "/metrics";
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
            .bind(endpoint.bind().toSocketAddress())
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
        response = text(HttpResponseStatus.OK, metrics.scrape(), CONTENT_TYPE);
      }
      boolean keepAlive = HttpUtil.isKeepAlive(request);
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
