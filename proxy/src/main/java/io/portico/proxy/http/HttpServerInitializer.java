package io.portico.proxy.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.handler.traffic.ChannelTrafficShapingHandler;
import io.portico.proxy.accesslog.HttpAccessLogHandler;
import io.portico.proxy.bind.ActiveConfig;
import io.portico.proxy.bind.BoundConfig;
import io.portico.proxy.config.HttpListenerConfig;
import io.portico.proxy.config.ListenerConfig;
import io.portico.proxy.tracing.HttpTracingHandler;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Builds the pipeline of an HTTP listener's downstream connection, after TLS and admission (see the
 * listener package). HTTP/2 is chosen by ALPN {@code h2}, or by the HTTP/2 connection preface on a
 * connection that did not negotiate it (prior knowledge, plaintext or TLS; spec gateway.md §2.6).
 *
 * <pre>
 * HTTP/1.x connection:
 *   socket ──▶ [TLS] ──▶ DownstreamHttpCodec ──▶ HttpAccessLogHandler ──▶ HttpTracingHandler ──▶ [bandwidth] ──▶ HttpProxyHandler ──▶ ForwardExchange ──▶ upstream pool
 *                        (HTTP/1.x, limits,      (one line per request)   (one span per request,   (fault:          (validation, faults,   LocalExchange
 *                         headers timeout)                                  B3 headers upstream)     throttled        host, route, one
 *                                                                                                   responses)       exchange at a time,
 *                                                                                                                    connection idle)
 * HTTP/2 connection:
 *   socket ──▶ [TLS] ──▶ IdleStateHandler ──▶ Http2FrameCodec ──▶ Http2MultiplexHandler ──▶ DownstreamHttp2Handler
 *                                             (100 streams,          │ one child channel     (idle, drain, errors)
 *                                              64 KiB stream window) ▼ per stream
 * HTTP/2 stream:
 *   Http2StreamFrameToHttpObjectCodec ──▶ Http2RequestAdapter ──▶ HttpAccessLogHandler ──▶ HttpTracingHandler ──▶ [bandwidth] ──▶ HttpProxyHandler ──▶ as above
 *
 * Deciding (no ALPN h2): IdleStateHandler ──▶ Http2PrefaceDetector, replaced by either of the above
 * </pre>
 *
 * When the runtime records metrics, an {@code HttpMetricsHandler} (request counters and duration of
 * the listener) sits right after the {@code HttpAccessLogHandler}.
 *
 * <p>Connections do not read on their own (auto-read off): the handler reads when its exchange can
 * take more. An HTTP/2 connection reads on its own; its streams do not, and HTTP/2 flow control
 * holds the client back.
 */
public final class HttpServerInitializer {
  /** Concurrent streams per HTTP/2 connection (spec gateway.md §2.6). */
  static final int MAX_CONCURRENT_STREAMS = 100;

  /** Initial HTTP/2 stream window (spec gateway.md §2.6: 64 KiB). */
  static final int STREAM_WINDOW_BYTES = 64 * 1024;

  /** HTTP/2 connection window (spec gateway.md §2.6: 1 MiB). */
  static final int CONNECTION_WINDOW_BYTES = 1024 * 1024;

  /**
   * How long a closing HTTP/2 connection (drained, idle) lets its open streams finish after the
   * GOAWAY. Netty's frame codec builder defaults to 0: streams would be cut.
   */
  static final long GRACEFUL_CLOSE_MILLIS = 30_000;

  /** How often the bandwidth shaper of a throttled response recomputes its rate. */
  static final long BANDWIDTH_CHECK_MILLIS = 100;

  /** Bytes a throttled response may queue before the connection stops being writable. */
  static final long BANDWIDTH_QUEUE_BYTES = 64 * 1024;

  private static final String BANDWIDTH = "bandwidth";
  private static final String IDLE = "idle";
  private static final String DETECTOR = "h2-detector";

  private final ActiveConfig active;
  private final HttpServices services;
  private final Function<HttpListenerConfig, ChannelHandler> requestMetrics;

  public HttpServerInitializer(ActiveConfig active, HttpServices services) {
    this(active, services, null);
  }

  /**
   * With request metrics: {@code requestMetrics} makes the handler that counts and times the
   * requests of a connection (or HTTP/2 stream) of a listener ({@code null} = no metrics).
   */
  public HttpServerInitializer(
      ActiveConfig active,
      HttpServices services,
      Function<HttpListenerConfig, ChannelHandler> requestMetrics) {
    this.active = Objects.requireNonNull(active, "active");
    this.services = Objects.requireNonNull(services, "services");
    this.requestMetrics = requestMetrics;
  }

  /**
   * Sets up an accepted plaintext connection of {@code listener}, a listener of {@code binding}.
   */
  public void initChannel(Channel ch, HttpListenerConfig listener, BoundConfig binding) {
    initChannel(ch, listener, binding, false, null);
  }

  /**
   * Sets up an admitted connection of {@code listener}.
   *
   * @param binding the config {@code listener} belongs to
   * @param isTls whether the connection is TLS (for {@code X-Forwarded-Proto} and redirects)
   * @param alpn the protocol ALPN selected; {@code null} when none
   */
  public void initChannel(
      Channel ch, HttpListenerConfig listener, BoundConfig binding, boolean isTls, String alpn) {
    ch.config().setAutoRead(false);
    ch.pipeline()
        .addLast(
            IDLE,
            new IdleStateHandler(0, 0, listener.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
    if (ApplicationProtocolNames.HTTP_2.equals(alpn)) {
      http2(ch, listener, binding, isTls);
    } else {
      ch.pipeline().addLast(DETECTOR, new Http2PrefaceDetector(this, listener, binding, isTls));
    }
  }

  /** The detector decided; it hands on what it read once it is removed. */
  void detected(
      ChannelHandlerContext detector,
      HttpListenerConfig listener,
      BoundConfig binding,
      boolean isTls,
      boolean isHttp2) {
    Channel ch = detector.channel();
    if (isHttp2) {
      http2(ch, listener, binding, isTls);
    } else {
      http1(ch, listener, binding, isTls);
    }
    detector.fireChannelActive();
    detector.pipeline().remove(detector.handler());
  }

  private void http1(Channel ch, HttpListenerConfig listener, BoundConfig binding, boolean isTls) {
    ActiveConfig.ListenerLookup lookup = active.lookup(listener.bind());
    if (ch.pipeline().get(IDLE) != null) {
      // An HTTP/1 connection is idle when no request runs: the proxy handler times that.
      ch.pipeline().remove(IDLE);
    }
    ch.pipeline()
        .addLast(
            "http-codec",
            new DownstreamHttpCodec(
                listener.maxRequestHeaderBytes(), listener.requestHeadersTimeout()))
        .addLast("access-log", accessLog(listener, lookup, false));
    addMetrics(ch.pipeline(), listener);
    ch.pipeline()
        .addLast("tracing", tracing(listener, lookup, isTls, false))
        .addLast(
            "proxy",
            new HttpProxyHandler(
                lookup, listener, binding, services, isTls, listener.idleTimeout()));
  }

  /** Counts and times the requests of the listener (its meters resolved here, once). */
  private void addMetrics(ChannelPipeline pipeline, HttpListenerConfig listener) {
    if (requestMetrics != null) {
      pipeline.addLast("metrics", requestMetrics.apply(listener));
    }
  }

  /**
   * Records the access log of each request; the listener's access log is looked up per request in
   * the config in force (the connection's own listener once the config no longer has it).
   */
  private HttpAccessLogHandler accessLog(
      HttpListenerConfig listener, ActiveConfig.ListenerLookup lookup, boolean isHttp2) {
    return new HttpAccessLogHandler(
        () -> {
          ListenerConfig latest = lookup.get();
          return (latest != null ? latest : listener).accessLog();
        },
        services.accessLogs(),
        isHttp2);
  }

  /** Makes the span of each request; the listener's tracing is looked up as the access log is. */
  private HttpTracingHandler tracing(
      HttpListenerConfig listener,
      ActiveConfig.ListenerLookup lookup,
      boolean isTls,
      boolean isHttp2) {
    return new HttpTracingHandler(
        () -> {
          ListenerConfig latest = lookup.get();
          return latest instanceof HttpListenerConfig http ? http.tracing() : listener.tracing();
        },
        services.spanExporters(),
        isTls,
        isHttp2);
  }

  /**
   * Throttles the responses of the connection (or HTTP/2 stream) of {@code proxy} to {@code
   * bytesPerSecond} (FaultInjection responseBandwidth); 0 lifts the limit. The shaping handler is
   * added before the proxy handler the first time.
   */
  static void limitBandwidth(ChannelHandlerContext proxy, long bytesPerSecond) {
    ChannelPipeline pipeline = proxy.pipeline();
    ChannelTrafficShapingHandler shaper = pipeline.get(ChannelTrafficShapingHandler.class);
    if (shaper == null) {
      if (bytesPerSecond == 0) {
        return;
      }
      shaper = new ChannelTrafficShapingHandler(bytesPerSecond, 0, BANDWIDTH_CHECK_MILLIS);
      shaper.setMaxWriteSize(BANDWIDTH_QUEUE_BYTES);
      pipeline.addBefore(proxy.name(), BANDWIDTH, shaper);
    } else {
      shaper.configure(bytesPerSecond, 0);
    }
  }

  private void http2(Channel ch, HttpListenerConfig listener, BoundConfig binding, boolean isTls) {
    Http2FrameCodec codec =
        Http2FrameCodecBuilder.forServer()
            .initialSettings(
                Http2Settings.defaultSettings()
                    .maxConcurrentStreams(MAX_CONCURRENT_STREAMS)
                    .initialWindowSize(STREAM_WINDOW_BYTES)
                    .maxHeaderListSize(listener.maxRequestHeaderBytes()))
            .validateHeaders(true)
            .gracefulShutdownTimeoutMillis(GRACEFUL_CLOSE_MILLIS)
            .build();
    ChannelPipeline pipeline = ch.pipeline();
    pipeline
        .addLast("h2", codec)
        .addLast(
            "h2-streams",
            new Http2MultiplexHandler(new StreamInitializer(listener, binding, isTls)))
        .addLast("h2-connection", new DownstreamHttp2Handler(codec, CONNECTION_WINDOW_BYTES));
    ch.config().setAutoRead(true);
  }

  /** The pipeline of one HTTP/2 stream: HTTP/1-style objects for the exchanges. */
  private final class StreamInitializer extends ChannelInitializer<Channel> {
    private final HttpListenerConfig listener;
    private final BoundConfig binding;
    private final boolean isTls;

    // The streams of one connection share its event loop, and so the lookup.
    private final ActiveConfig.ListenerLookup lookup;

    StreamInitializer(HttpListenerConfig listener, BoundConfig binding, boolean isTls) {
      this.lookup = active.lookup(listener.bind());
      this.listener = listener;
      this.binding = binding;
      this.isTls = isTls;
    }

    @Override
    protected void initChannel(Channel stream) {
      stream.config().setOption(ChannelOption.AUTO_READ, false);
      stream
          .pipeline()
          .addLast("h2-http", new Http2StreamFrameToHttpObjectCodec(true, true))
          .addLast("h2-request", new Http2RequestAdapter())
          .addLast("access-log", accessLog(listener, lookup, true));
      addMetrics(stream.pipeline(), listener);
      stream
          .pipeline()
          .addLast("tracing", tracing(listener, lookup, isTls, true))
          .addLast(
              "proxy",
              new HttpProxyHandler(lookup, listener, binding, services, isTls, Duration.ZERO));
    }

    @Override
    public boolean isSharable() {
      return true;
    }
  }
}
