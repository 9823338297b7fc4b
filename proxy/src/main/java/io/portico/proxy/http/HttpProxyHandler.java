package io.portico.proxy.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.portico.proxy.accesslog.AccessLogEntry;
import io.portico.proxy.accesslog.HttpAccessLogHandler;
import io.portico.proxy.bind.ActiveConfig;
import io.portico.proxy.bind.BoundConfig;
import io.portico.proxy.config.Header;
import io.portico.proxy.config.HttpListenerConfig;
import io.portico.proxy.config.ListenerConfig;
import io.portico.proxy.config.RateLimitConfig;
import io.portico.proxy.config.RouteAction;
import io.portico.proxy.config.RouteConfig;
import io.portico.proxy.config.VirtualHostConfig;
import io.portico.proxy.tracing.HttpTracingHandler;
import io.portico.proxy.tracing.Span;
import io.portico.proxy.transport.DrainEvent;
import io.portico.proxy.transport.LoopTimeouts;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy side of one downstream HTTP/1.x connection: validates each request, selects its virtual
 * host and route from the config in force when its head arrives (spec gateway.md §2.8), and runs
 * one {@link Exchange} at a time. Requests pipelined behind it wait, decoded, until it is done. The
 * connection reads only when the current exchange wants more (auto-read is off).
 *
 * <pre>
 *   idle ──head──▶ exchange ──request and response complete──▶ idle (keep-alive) or close
 *                    │  Forward ─▶ ForwardExchange (upstream, mirrors)
 *                    │  Redirect / DirectResponse / failure ─▶ LocalExchange
 * </pre>
 */
final class HttpProxyHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(HttpProxyHandler.class);

  private final ActiveConfig.ListenerLookup latestListener;
  private final HttpServices services;
  private final boolean isTls;
  private HttpListenerConfig listener;
  private BoundConfig binding;
  private ChannelHandlerContext ctx;
  private Exchange current;
  private final ArrayDeque<Object> pending = new ArrayDeque<>();
  private boolean isDraining;
  private boolean isClosing;
  private boolean isProcessingPending;
  private HttpAccessLogHandler accessLog;
  private HttpTracingHandler tracing;
  private final FaultStage faults = new FaultStage(this);
  private final long idleNanos;
  private final Runnable onIdle = this::onIdle;
  private ScheduledFuture<?> idle;
  private long idleSince;
  private LoopTimeouts.Queue lastTimeouts;

  /**
   * @param idleTimeout how long an HTTP/1 connection may wait without a request before it is
   *     closed; zero for none (an HTTP/2 stream: its connection has its own idle handling)
   */
  HttpProxyHandler(
      ActiveConfig.ListenerLookup latestListener,
      HttpListenerConfig listener,
      BoundConfig binding,
      HttpServices services,
      boolean isTls,
      Duration idleTimeout) {
    this.latestListener = latestListener;
    this.listener = listener;
    this.binding = binding;
    this.services = services;
    this.isTls = isTls;
    this.idleNanos = idleTimeout.toNanos();
  }

  /**
   * The queue of the connection's event loop for timeouts of {@code timeout}: the last one is kept,
   * as the requests of a connection mostly share their route's timeout.
   */
  LoopTimeouts.Queue timeouts(Duration timeout) {
    long nanos = timeout.toNanos();
    LoopTimeouts.Queue queue = lastTimeouts;
    if (queue == null || queue.durationNanos() != nanos) {
      queue = LoopTimeouts.queue(ctx.executor(), nanos);
      lastTimeouts = queue;
    }
    return queue;
  }

  /** Whether the connection is TLS: the scheme the client used is https. */
  boolean isTls() {
    return isTls;
  }

  ChannelHandlerContext ctx() {
    return ctx;
  }

  HttpServices services() {
    return services;
  }

  /** The config the listener in use belongs to: where the clusters of its routes are bound. */
  BoundConfig binding() {
    return binding;
  }

  /** Whether responses from now on must close the connection. */
  boolean isDraining() {
    return isDraining;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.accessLog = ctx.pipeline().get(HttpAccessLogHandler.class);
    this.tracing = ctx.pipeline().get(HttpTracingHandler.class);
  }

  /** The request being answered goes to {@code host} of {@code cluster} (access log, span). */
  void upstreamPicked(String cluster, String host) {
    AccessLogEntry entry = accessLog == null ? null : accessLog.current();
    if (entry != null) {
      entry.upstream(cluster, host);
    }
    Span span = tracing == null ? null : tracing.current();
    if (span != null) {
      span.upstream(cluster, host);
    }
  }

  /** Envoy's response flag of the request being answered (access log), e.g. {@code UH}. */
  void responseFlag(String flag) {
    AccessLogEntry entry = accessLog == null ? null : accessLog.current();
    if (entry != null) {
      entry.responseFlag(flag);
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (idleNanos > 0) {
      idleSince = ctx.executor().ticker().nanoTime();
      armIdle(idleNanos);
    }
    ctx.read();
    ctx.fireChannelActive();
  }

  /**
   * The connection idle timeout (Envoy's: no active request for that long). A request costs one
   * clock read when its exchange ends ({@link #idleSince}); the timer is one task per connection,
   * set again when it fires for what is left, so no timer is set or cancelled per request.
   */
  private void armIdle(long delayNanos) {
    if (idleNanos > 0 && idle == null) {
      idle = ctx.executor().schedule(onIdle, delayNanos, TimeUnit.NANOSECONDS);
    }
  }

  private void disarmIdle() {
    if (idle != null) {
      idle.cancel(false);
      idle = null;
    }
  }

  private void onIdle() {
    idle = null;
    if (!ctx.channel().isActive()) {
      return;
    }
    if (current != null || !pending.isEmpty()) {
      armIdle(idleNanos);
      return;
    }
    long left = idleNanos - (ctx.executor().ticker().nanoTime() - idleSince);
    if (left > 0) {
      armIdle(left);
    } else {
      ctx.close();
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (isClosing) {
      // Whatever follows a refused request on its connection is not served.
      ReferenceCountUtil.release(msg);
      return;
    }
    if (!pending.isEmpty()
        || faults.isHolding()
        || (current != null && current.isRequestComplete())) {
      pending.add(msg);
      return;
    }
    dispatch(msg);
  }

  private void dispatch(Object msg) {
    if (isClosing) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (current != null) {
      if (msg instanceof HttpContent content) {
        if (content.decoderResult().isFailure()) {
          refuseMalformedBody(content);
          return;
        }
        current.onRequestContent(content);
      } else {
        ReferenceCountUtil.release(msg);
      }
      return;
    }
    if (msg instanceof HttpRequest request) {
      try {
        startRequest(request);
      } catch (RuntimeException e) {
        log.error("request failed", e);
        ReferenceCountUtil.release(request);
        ctx.close();
      }
      return;
    }
    ReferenceCountUtil.release(msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush();
    if (faults.isHolding()) {
      return;
    }
    if (current == null ? pending.isEmpty() : current.wantsRequestRead()) {
      ctx.read();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (current != null) {
      current.onDownstreamWritabilityChanged(ctx.channel().isWritable());
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt == RequestHeadersTimeoutEvent.INSTANCE) {
      if (current == null) {
        respondAndClose(ProxyFailure.REQUEST_TIMEOUT);
      } else {
        isDraining = true;
      }
    } else if (evt == DrainEvent.INSTANCE) {
      isDraining = true;
      if (current == null) {
        ctx.close();
      }
    } else {
      ctx.fireUserEventTriggered(evt);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    disarmIdle();
    faults.onClosed();
    Exchange exchange = current;
    current = null;
    if (exchange != null) {
      exchange.onDownstreamClosed();
    }
    releasePending();
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("downstream connection failed", cause);
    ctx.close();
  }

  // ------------------------------------------------------------------------------------------
  // Exchanges

  void start(Exchange exchange) {
    current = exchange;
  }

  /**
   * The exchange is done (request and response complete).
   *
   * @param keepAlive whether the connection may serve another request
   */
  void finished(Exchange exchange, boolean keepAlive) {
    if (current != exchange) {
      return;
    }
    current = null;
    faults.onFinished();
    if (!keepAlive || isDraining) {
      releasePending();
      ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    if (!pending.isEmpty()) {
      if (!isProcessingPending) {
        ctx.executor().execute(this::processPending);
      }
    } else if (ctx.channel().isActive()) {
      if (idleNanos > 0) {
        idleSince = ctx.executor().ticker().nanoTime();
      }
      ctx.read();
    }
  }

  /** The delayed request was routed: go on with what arrived behind it. */
  void resumed() {
    if (!pending.isEmpty()) {
      if (!isProcessingPending) {
        processPending();
      }
    } else if (ctx.channel().isActive() && (current == null || current.wantsRequestRead())) {
      ctx.read();
    }
  }

  private void processPending() {
    isProcessingPending = true;
    try {
      while (!pending.isEmpty()
          && !faults.isHolding()
          && (current == null || !current.isRequestComplete())) {
        dispatch(pending.poll());
      }
    } finally {
      isProcessingPending = false;
    }
    if (pending.isEmpty()
        && !faults.isHolding()
        && ctx.channel().isActive()
        && (current == null || current.wantsRequestRead())) {
      ctx.read();
    }
  }

  private void releasePending() {
    for (Iterator<Object> it = pending.iterator(); it.hasNext(); ) {
      ReferenceCountUtil.release(it.next());
      it.remove();
    }
  }

  /**
   * The decoder found the request body malformed (chunked framing, RFC 9112 §7.1): it marks the
   * last content it hands on as failed. The exchange stops, so that the upstream never gets a
   * complete request (its connection is closed, mirrors abandoned); the client gets 400 unless its
   * response has started, and the connection closes either way.
   */
  private void refuseMalformedBody(HttpContent content) {
    content.release();
    Exchange exchange = current;
    current = null;
    boolean isAnswered = exchange.isResponseStarted();
    exchange.onDownstreamClosed();
    if (isAnswered) {
      isClosing = true;
      releasePending();
      ctx.close();
    } else {
      respondAndClose(ProxyFailure.BAD_REQUEST);
    }
  }

  /**
   * Answers a refused request and closes the connection; nothing after it is served. The access log
   * gets the failure's flag (DPE for a malformed request, as Envoy's).
   */
  private void respondAndClose(ProxyFailure failure) {
    responseFlag(failure.responseFlag());
    FullHttpResponse response = failure.toResponse();
    isClosing = true;
    releasePending();
    HeaderRewrites.decorate(response.headers(), listener, null, null);
    response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }

  // ------------------------------------------------------------------------------------------
  // Request head: validation, virtual host, route

  private void startRequest(HttpRequest request) {
    ListenerConfig latest = latestListener.get();
    if (latest instanceof HttpListenerConfig http) {
      listener = http;
      binding = latestListener.binding();
    }
    ProxyFailure invalid = validate(request);
    if (invalid != null) {
      ReferenceCountUtil.release(request);
      current = null;
      respondAndClose(invalid);
      return;
    }
    if (!listener.faults().isEmpty() && faults.intercept(request, listener)) {
      return;
    }
    route(request, 0);
  }

  /**
   * Routes a valid request, answering {@code abortStatus} instead when a fault aborts it (spec
   * core.md §3.4: Envoy's fault filter, before the router).
   */
  void route(HttpRequest request, int abortStatus) {
    boolean isComplete = request instanceof FullHttpRequest;
    boolean keepAlive = HttpUtil.isKeepAlive(request) && !isDraining;
    boolean expectsContinue = HttpUtil.is100ContinueExpected(request);
    HttpRequestView view = new HttpRequestView(request);
    VirtualHostConfig virtualHost = listener.hosts().find(view.hostName()).orElse(null);
    if (abortStatus != 0) {
      responseFlag("FI");
      respondLocally(
          request,
          view,
          null,
          null,
          FaultStage.abortResponse(abortStatus),
          isComplete,
          keepAlive,
          expectsContinue);
      return;
    }
    RouteConfig route = virtualHost == null ? null : virtualHost.routes().find(view).orElse(null);
    if (route == null) {
      responseFlag("NR");
      FullHttpResponse response = ProxyFailure.NO_ROUTE.toResponse();
      respondLocally(
          request, view, virtualHost, null, response, isComplete, keepAlive, expectsContinue);
      return;
    }
    RateLimitConfig rateLimit = route.rateLimit();
    if (rateLimit != null && !binding.bucket(rateLimit).tryTake()) {
      respondLocally(
          request,
          view,
          virtualHost,
          route,
          rateLimited(rateLimit),
          isComplete,
          keepAlive,
          expectsContinue);
      return;
    }
    RouteAction action = route.action();
    if (action instanceof RouteAction.Forward forward) {
      ForwardExchange.start(this, listener, virtualHost, route, forward, request, view, keepAlive);
      return;
    }
    FullHttpResponse response;
    if (action instanceof RouteAction.DirectResponse direct) {
      byte[] body = direct.body().getBytes(StandardCharsets.UTF_8);
      response =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1,
              HttpResponseStatus.valueOf(direct.status()),
              Unpooled.wrappedBuffer(body));
      if (body.length > 0) {
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
      }
      for (Header header : direct.headers()) {
        response.headers().add(header.name(), header.value());
      }
      response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    } else {
      RouteAction.Redirect redirect = (RouteAction.Redirect) action;
      response =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(redirect.status()));
      response.headers().set(HttpHeaderNames.LOCATION, location(redirect, view, scheme()));
      response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
    }
    respondLocally(
        request, view, virtualHost, route, response, isComplete, keepAlive, expectsContinue);
  }

  /** The local answer to a request beyond the route entry's rate limit (spec gateway.md §3.5). */
  private static FullHttpResponse rateLimited(RateLimitConfig rateLimit) {
    FullHttpResponse response =
        ProxyFailure.RATE_LIMITED.toResponse(HttpResponseStatus.valueOf(rateLimit.status()));
    for (Header header : rateLimit.setHeaders()) {
      response.headers().set(header.name(), header.value());
    }
    for (Header header : rateLimit.addHeaders()) {
      response.headers().add(header.name(), header.value());
    }
    return response;
  }

  /** The scheme the client used. */
  private String scheme() {
    return isTls ? "https" : "http";
  }

  private void respondLocally(
      HttpRequest request,
      HttpRequestView view,
      VirtualHostConfig virtualHost,
      RouteConfig route,
      FullHttpResponse response,
      boolean isComplete,
      boolean keepAlive,
      boolean expectsContinue) {
    HeaderRewrites.decorate(response.headers(), listener, virtualHost, route);
    // The client may or may not send the body it announced: the connection cannot be reused.
    boolean stays = keepAlive && !(expectsContinue && !isComplete);
    stays =
        HeaderRewrites.frameForDownstream(
            response, request.protocolVersion(), HttpMethod.HEAD.equals(request.method()), stays);
    ReferenceCountUtil.release(request);
    LocalExchange.respond(this, response, isComplete, stays);
  }

  private static String location(
      RouteAction.Redirect redirect, HttpRequestView view, String requestScheme) {
    String scheme = redirect.scheme().isEmpty() ? requestScheme : redirect.scheme();
    String host = redirect.hostname().isEmpty() ? view.hostName() : redirect.hostname();
    StringBuilder location = new StringBuilder(scheme).append("://").append(host);
    if (redirect.port() != 0) {
      location.append(':').append(redirect.port());
    }
    location.append(redirect.pathRewrite().apply(view.path()));
    if (!redirect.stripQuery() && view.rawQuery() != null) {
      location.append('?').append(view.rawQuery());
    }
    return location.toString();
  }

  /**
   * The checks of spec gateway.md §2.6 and §3.5 and RFC 9112 that the decoder leaves to us (the
   * HTTP/1 wire rules, such as the version, Host and the header count, are the decoder's: {@link
   * DownstreamHttpCodec}).
   */
  private ProxyFailure validate(HttpRequest request) {
    if (request.decoderResult().isFailure()) {
      Throwable cause = request.decoderResult().cause();
      return cause instanceof TooLongFrameException
          ? ProxyFailure.REQUEST_HEADERS_TOO_LARGE
          : ProxyFailure.BAD_REQUEST;
    }
    HttpHeaders headers = request.headers();
    if (headers.contains(HttpHeaderNames.TRANSFER_ENCODING)
        && headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
      return ProxyFailure.BAD_REQUEST;
    }
    if (headers.getAll(HttpHeaderNames.CONTENT_LENGTH).size() > 1
        || headers.getAll(HttpHeaderNames.HOST).size() > 1) {
      return ProxyFailure.BAD_REQUEST;
    }
    if (listener.rejectsUnderscoreHeaders()) {
      for (Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence();
          it.hasNext(); ) {
        CharSequence name = it.next().getKey();
        for (int i = 0; i < name.length(); i++) {
          if (name.charAt(i) == '_') {
            return ProxyFailure.BAD_REQUEST;
          }
        }
      }
    }
    if (headers.contains(HttpHeaderNames.EXPECT) && !HttpUtil.is100ContinueExpected(request)) {
      return ProxyFailure.EXPECTATION_FAILED;
    }
    return null;
  }
}
