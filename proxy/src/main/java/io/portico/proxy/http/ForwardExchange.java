package io.portico.proxy.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import io.portico.proxy.config.ClusterConfig;
import io.portico.proxy.config.EndpointConfig;
import io.portico.proxy.config.HttpListenerConfig;
import io.portico.proxy.config.MirrorConfig;
import io.portico.proxy.config.RouteAction;
import io.portico.proxy.config.RouteConfig;
import io.portico.proxy.config.VirtualHostConfig;
import io.portico.proxy.upstream.UpstreamConnection;
import io.portico.proxy.upstream.UpstreamListener;
import io.portico.proxy.upstream.UpstreamOverflowException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request forwarded to a cluster (spec gateway.md §3.4): picks a cluster and an endpoint,
 * rewrites the head, takes a connection from this event loop's pool and streams the request body up
 * and the response down, each side reading only when the other can take more.
 *
 * <pre>
 *  downstream ──head──▶ [pick cluster, endpoint] ──acquire──▶ connected ──▶ body ──▶ request done
 *                          │ none: 503                │ failed: retry other endpoint, then 503
 *  upstream   ◀──────────────────────────────────────── response head ──▶ body ──▶ response done
 *                                          timeout before head: 504; reset before head: 503
 * </pre>
 */
final class ForwardExchange implements Exchange, UpstreamListener {
  private static final Logger log = LoggerFactory.getLogger(ForwardExchange.class);

  /**
   * How many times a bodiless request is sent again when a reused keep-alive connection turns out
   * closed before answering (the upstream closed it while idle).
   */
  static final int MAX_STALE_RETRIES = 2;

  private final HttpProxyHandler connection;
  private final ChannelHandlerContext ctx;
  private final HttpListenerConfig listener;
  private final VirtualHostConfig virtualHost;
  private final RouteConfig route;
  private final ClusterConfig cluster;
  private final HttpRequest upstreamHead;
  private final HttpVersion downstreamVersion;
  private final boolean isHead;
  private final boolean wantsKeepAlive;
  private final RouteAction.Forward forward;
  private final List<MirrorExchange> mirrors;

  private final ArrayDeque<HttpContent> buffered = new ArrayDeque<>(2);
  private UpstreamConnection upstream;
  private int attemptsLeft;
  private boolean isRequestComplete;
  private boolean isResponseStarted;
  private boolean isResponseComplete;
  private boolean isDone;
  private boolean downstreamKeepAlive;
  private boolean upstreamKeepAlive;
  private ScheduledFuture<?> timeout;
  private boolean hasRequestBody;
  private int staleRetriesLeft = MAX_STALE_RETRIES;

  private ForwardExchange(
      HttpProxyHandler connection,
      HttpListenerConfig listener,
      VirtualHostConfig virtualHost,
      RouteConfig route,
      RouteAction.Forward forward,
      ClusterConfig cluster,
      HttpRequest upstreamHead,
      HttpVersion downstreamVersion,
      boolean isHead,
      boolean wantsKeepAlive,
      List<MirrorExchange> mirrors) {
    this.connection = connection;
    this.ctx = connection.ctx();
    this.listener = listener;
    this.virtualHost = virtualHost;
    this.route = route;
    this.forward = forward;
    this.cluster = cluster;
    this.upstreamHead = upstreamHead;
    this.downstreamVersion = downstreamVersion;
    this.isHead = isHead;
    this.wantsKeepAlive = wantsKeepAlive;
    this.mirrors = mirrors;
    this.attemptsLeft = 1 + route.connectRetries();
  }

  static void start(
      HttpProxyHandler connection,
      HttpListenerConfig listener,
      VirtualHostConfig virtualHost,
      RouteConfig route,
      RouteAction.Forward forward,
      HttpRequest request,
      HttpRequestView view,
      boolean keepAlive) {
    ClusterConfig cluster = forward.clusters().pick();
    boolean expectsContinue = HttpUtil.is100ContinueExpected(request);
    HttpRequest head =
        upstreamHead(connection.ctx(), listener, route, forward, request, view, connection.isTls());
    List<MirrorExchange> mirrors = List.of();
    if (!route.mirrors().isEmpty()) {
      mirrors = new ArrayList<>(route.mirrors().size());
      for (MirrorConfig mirror : route.mirrors()) {
        if (connection.services().mirrorSampler().sample(mirror.fraction())) {
          mirrors.add(
              MirrorExchange.start(
                  connection.services().pools(),
                  connection.ctx().channel().eventLoop(),
                  mirror.cluster(),
                  head));
        }
      }
    }
    ForwardExchange exchange =
        new ForwardExchange(
            connection,
            listener,
            virtualHost,
            route,
            forward,
            cluster,
            head,
            request.protocolVersion(),
            HttpMethod.HEAD.equals(request.method()),
            keepAlive,
            mirrors);
    connection.start(exchange);
    if (expectsContinue) {
      connection
          .ctx()
          .writeAndFlush(
              new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
    }
    exchange.connect();
  }

  /** The request head as sent upstream: hop-by-hop headers gone, listener and route rules. */
  private static HttpRequest upstreamHead(
      ChannelHandlerContext ctx,
      HttpListenerConfig listener,
      RouteConfig route,
      RouteAction.Forward forward,
      HttpRequest request,
      HttpRequestView view,
      boolean isTls) {
    HttpHeaders headers = request.headers();
    HeaderRewrites.removeHopByHop(headers);
    headers.remove(HttpHeaderNames.EXPECT);
    for (String name : listener.stripRequestHeaders()) {
      headers.remove(name);
    }
    if (listener.edge()) {
      String peer = peerAddress(ctx.channel());
      String forwardedFor = headers.get("x-forwarded-for");
      headers.set(
          "x-forwarded-for",
          forwardedFor == null || forwardedFor.isEmpty() ? peer : forwardedFor + ", " + peer);
      headers.set("x-forwarded-proto", isTls ? "https" : "http");
    }
    HeaderRewrites.apply(headers, route.requestHeaders());
    HeaderRewrites.add(headers, listener.forwardHeaders());
    if (!forward.hostRewrite().isEmpty()) {
      headers.set(HttpHeaderNames.HOST, forward.hostRewrite());
    } else if (!headers.contains(HttpHeaderNames.HOST) && !view.authority().isEmpty()) {
      headers.set(HttpHeaderNames.HOST, view.authority());
    }
    String target = view.target(forward.pathRewrite().apply(view.path()));
    return new DefaultHttpRequest(HttpVersion.HTTP_1_1, request.method(), target, headers);
  }

  private static String peerAddress(Channel channel) {
    if (channel.remoteAddress() instanceof InetSocketAddress address
        && address.getAddress() != null) {
      return address.getAddress().getHostAddress();
    }
    return String.valueOf(channel.remoteAddress());
  }

  // ------------------------------------------------------------------------------------------
  // Connecting

  private void connect() {
    EndpointConfig endpoint = connection.services().pools().pick(cluster);
    if (endpoint == null) {
      fail(ProxyFailure.NO_HEALTHY_UPSTREAM);
      return;
    }
    attemptsLeft--;
    connection.upstreamPicked(cluster.name(), endpoint.authority());
    if (forward.hostRewriteToBackend()) {
      upstreamHead.headers().set(HttpHeaderNames.HOST, endpoint.authority());
    }
    EventLoop loop = ctx.channel().eventLoop();
    connection
        .services()
        .pools()
        .acquire(loop, cluster, endpoint)
        .addListener((Future<UpstreamConnection> f) -> onAcquired(f));
  }

  private void onAcquired(Future<UpstreamConnection> future) {
    if (isDone) {
      if (future.isSuccess()) {
        future.getNow().release(true);
      }
      return;
    }
    if (!future.isSuccess()) {
      log.debug("connect to cluster {} failed", cluster.name(), future.cause());
      if (future.cause() instanceof UpstreamOverflowException) {
        fail(ProxyFailure.UPSTREAM_OVERFLOW);
      } else if (attemptsLeft > 0) {
        connect();
      } else {
        fail(ProxyFailure.NO_HEALTHY_UPSTREAM);
      }
      return;
    }
    upstream = future.getNow();
    upstream.stats().requestStarted();
    upstream.attach(this);
    Channel channel = upstream.channel();
    channel.write(upstreamHead);
    HttpContent content;
    while ((content = buffered.poll()) != null) {
      channel.write(content);
    }
    channel.flush();
    channel.read();
    if (isRequestComplete) {
      startTimeout();
    } else if (channel.isWritable()) {
      ctx.read();
    }
  }

  // ------------------------------------------------------------------------------------------
  // Request body

  @Override
  public void onRequestContent(HttpContent content) {
    boolean isLast = content instanceof LastHttpContent;
    if (content.content().isReadable()) {
      hasRequestBody = true;
    }
    for (int i = 0; i < mirrors.size(); i++) {
      mirrors.get(i).onRequestContent(content);
    }
    if (isDone) {
      content.release();
    } else if (upstream == null) {
      buffered.add(content);
    } else {
      upstream.channel().writeAndFlush(content);
    }
    if (isLast) {
      isRequestComplete = true;
      if (isResponseComplete) {
        complete();
      } else if (upstream != null && !isDone) {
        startTimeout();
      }
    }
  }

  @Override
  public boolean isRequestComplete() {
    return isRequestComplete;
  }

  @Override
  public boolean wantsRequestRead() {
    return !isRequestComplete && (isDone || (upstream != null && upstream.channel().isWritable()));
  }

  @Override
  public void onUpstreamWritabilityChanged(boolean isWritable) {
    if (isWritable && wantsRequestRead()) {
      ctx.read();
    }
  }

  // ------------------------------------------------------------------------------------------
  // Response

  @Override
  public void onResponseObject(HttpObject object) {
    if (isDone) {
      ReferenceCountUtil.release(object);
      return;
    }
    if (object instanceof HttpResponse response) {
      if (response.status().codeClass() == HttpStatusClass.INFORMATIONAL
          && response.status().code() != 101) {
        // 100 Continue was answered by the proxy itself; other 1xx are not relayed.
        ReferenceCountUtil.release(object);
        return;
      }
      isResponseStarted = true;
      upstreamKeepAlive = HttpUtil.isKeepAlive(response);
      HttpHeaders headers = response.headers();
      HeaderRewrites.removeHopByHop(headers);
      HeaderRewrites.removeHttp2Extensions(headers);
      HeaderRewrites.decorate(headers, listener, virtualHost, route);
      boolean keepAlive = wantsKeepAlive && !connection.isDraining();
      if (!isRequestComplete) {
        // The upstream answers before the whole request arrived: the rest cannot be told apart.
        keepAlive = false;
      }
      downstreamKeepAlive =
          HeaderRewrites.frameForDownstream(response, downstreamVersion, isHead, keepAlive);
    }
    boolean isLast = object instanceof LastHttpContent;
    ctx.write(object);
    if (isLast) {
      isResponseComplete = true;
      cancelTimeout();
      ctx.flush();
      if (isRequestComplete) {
        complete();
      } else {
        finish(false, false);
      }
    }
  }

  @Override
  public void onResponseReadComplete() {
    ctx.flush();
    if (!isDone && !isResponseComplete && ctx.channel().isWritable() && upstream != null) {
      upstream.channel().read();
    }
  }

  @Override
  public void onDownstreamWritabilityChanged(boolean isWritable) {
    if (isWritable && !isDone && !isResponseComplete && upstream != null) {
      upstream.channel().read();
    }
  }

  @Override
  public void onUpstreamClosed(Throwable cause) {
    if (isDone || isResponseComplete) {
      return;
    }
    log.debug("upstream of cluster {} closed during the exchange", cluster.name(), cause);
    if (!isResponseStarted
        && upstream != null
        && upstream.isReused()
        && isRequestComplete
        && !hasRequestBody
        && staleRetriesLeft > 0) {
      staleRetriesLeft--;
      cancelTimeout();
      releaseUpstream(false, false);
      attemptsLeft++;
      buffered.add(LastHttpContent.EMPTY_LAST_CONTENT);
      connect();
    } else if (!isResponseStarted) {
      fail(ProxyFailure.UPSTREAM_RESET);
    } else {
      // The response is cut: the client must see it cut too.
      finish(false, true);
      ctx.close();
    }
  }

  // ------------------------------------------------------------------------------------------
  // Timeout and ends

  private void startTimeout() {
    if (timeout != null || isResponseComplete || route.timeout().isZero()) {
      return;
    }
    timeout =
        ctx.executor().schedule(this::onTimeout, route.timeout().toNanos(), TimeUnit.NANOSECONDS);
  }

  private void cancelTimeout() {
    if (timeout != null) {
      timeout.cancel(false);
      timeout = null;
    }
  }

  private void onTimeout() {
    timeout = null;
    if (isDone || isResponseComplete) {
      return;
    }
    if (!isResponseStarted) {
      fail(ProxyFailure.UPSTREAM_TIMEOUT);
    } else {
      finish(false, true);
      ctx.close();
    }
  }

  private void complete() {
    finish(upstreamKeepAlive, false);
  }

  /** Answers the client with a failure instead of an upstream response. */
  private void fail(ProxyFailure failure) {
    if (isDone) {
      return;
    }
    boolean keepAlive = isRequestComplete && wantsKeepAlive && !connection.isDraining();
    connection.responseFlag(failure.responseFlag());
    HttpResponse response = failure.toResponse();
    HeaderRewrites.decorate(response.headers(), listener, virtualHost, route);
    keepAlive = HeaderRewrites.frameForDownstream(response, downstreamVersion, isHead, keepAlive);
    ctx.writeAndFlush(response);
    downstreamKeepAlive = keepAlive;
    isResponseComplete = true;
    if (isRequestComplete || !keepAlive) {
      finish(false, true);
    } else {
      // Keep reading and dropping the request body, then serve the next request.
      releaseUpstream(false, true);
      isDone = true;
      drainBuffered();
    }
  }

  private void finish(boolean upstreamReusable, boolean failed) {
    boolean wasDone = isDone;
    isDone = true;
    cancelTimeout();
    drainBuffered();
    releaseUpstream(upstreamReusable && isRequestComplete && isResponseComplete, failed);
    if (!wasDone || isRequestComplete) {
      connection.finished(this, downstreamKeepAlive && isRequestComplete);
    }
    if (!isRequestComplete) {
      for (MirrorExchange mirror : mirrors) {
        mirror.abandon();
      }
    }
  }

  private void releaseUpstream(boolean reusable, boolean failed) {
    if (upstream != null) {
      UpstreamConnection released = upstream;
      upstream = null;
      released.stats().requestFinished(failed);
      released.release(reusable);
    }
  }

  private void drainBuffered() {
    HttpContent content;
    while ((content = buffered.poll()) != null) {
      content.release();
    }
  }

  @Override
  public void onDownstreamClosed() {
    if (!isDone) {
      isDone = true;
      cancelTimeout();
      drainBuffered();
      releaseUpstream(false, false);
    }
    for (MirrorExchange mirror : mirrors) {
      if (!isRequestComplete) {
        mirror.abandon();
      }
    }
  }
}
