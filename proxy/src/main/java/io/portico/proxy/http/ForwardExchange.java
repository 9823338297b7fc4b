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
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import io.portico.proxy.bind.BoundCluster;
import io.portico.proxy.bind.BoundEndpoint;
import io.portico.proxy.config.HttpListenerConfig;
import io.portico.proxy.config.MirrorConfig;
import io.portico.proxy.config.RetryConfig;
import io.portico.proxy.config.RouteAction;
import io.portico.proxy.config.RouteConfig;
import io.portico.proxy.config.VirtualHostConfig;
import io.portico.proxy.transport.LoopTimeouts;
import io.portico.proxy.upstream.UpstreamCluster;
import io.portico.proxy.upstream.UpstreamConnection;
import io.portico.proxy.upstream.UpstreamListener;
import io.portico.proxy.upstream.UpstreamOverflowException;
import io.portico.proxy.upstream.UpstreamPools;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request forwarded to a cluster (spec gateway.md §3.4): picks a cluster and an endpoint,
 * rewrites the head, takes a connection from this event loop's pool and streams the request body up
 * and the response down, each side reading only when the other can take more.
 *
 * <pre>
 *  downstream ──head──▶ [pick cluster]                     (none: 503)
 *                          │
 *                          ▼
 *   ┌─────────▶ try: [pick endpoint] ──acquire──▶ write head + kept body ──▶ rest of body
 *   │    ▲                 │ connect failure             │
 *   │    │ at once         ▼                             ▼
 *   │    └── yes ── fail over? ◀───────── tryEnded ◀── response head / reset / per-try timeout
 *   │        (connect failure, lost         │ no
 *   │         connection if idempotent)     ▼
 *  back-off ◀────────────── yes ──────── retry?
 *  (loop timer)                             │ no
 *                                           ▼
 *  upstream ──▶ head sent downstream ──▶ body ──▶ response done
 *               (or 503 no healthy upstream / upstream reset, 504 timeout)
 *  route timeout before the head went downstream: 504, whatever the try is doing
 * </pre>
 *
 * <p>Failover ({@link #failOver}): a try that ended before any response byte in a way that makes
 * sending the request again safe — a connect failure (the upstream did not see the request), or a
 * connection lost before the response head when the method is idempotent (RFC 9110 §9.2.2) — is
 * followed at once by a try on another endpoint, whatever the route's Retry policy, at most {@link
 * #MAX_FAILOVERS} times. This is what keeps a dying endpoint from failing requests (the upstream
 * package takes it out of load balancing on its first refused connect).
 *
 * <p>Retries (spec gateway.md §4.5, {@link RetryConfig}): a try that ends in a way the route's
 * Retry policy retries on is tried again, after a jittered exponential back-off scheduled on the
 * event loop, on another endpoint of the same cluster when there is one, while retries are left,
 * the method may be retried, no response head has gone downstream, and everything written upstream
 * can be written again: the request body is kept (as retained duplicates) up to {@link
 * #MAX_REPLAY_BYTES}, for requests the policy may retry and for idempotent ones; a larger body is
 * not retried once it is being sent (connect failures before anything was sent still are). A
 * retried response is read to its end and dropped (its connection kept when reusable); the response
 * of the last try is the one the client gets. Every try ends in exactly one call of {@link
 * #tryEnded}.
 */
final class ForwardExchange implements Exchange, UpstreamListener {
  private static final Logger log = LoggerFactory.getLogger(ForwardExchange.class);

  /**
   * How many times a bodiless request is sent again when a reused keep-alive connection turns out
   * closed before answering (the upstream closed it while idle).
   */
  static final int MAX_STALE_RETRIES = 2;

  /** Request body bytes kept for retries; a request with a larger body is not retried. */
  static final int MAX_REPLAY_BYTES = 64 * 1024;

  /**
   * How many times a request is sent at once to another endpoint after a try the upstream cannot
   * have processed, or could process again, whatever the route's Retry policy ({@link #failOver}).
   */
  static final int MAX_FAILOVERS = 2;

  private static final String GRPC_STATUS = "grpc-status";
  private static final String ENVOY_RATELIMITED = "x-envoy-ratelimited";

  private final HttpProxyHandler connection;
  private final ChannelHandlerContext ctx;
  private final HttpListenerConfig listener;
  private final VirtualHostConfig virtualHost;
  private final RouteConfig route;
  private final BoundCluster cluster;
  private final HttpRequest upstreamHead;
  private final HttpVersion downstreamVersion;
  private final boolean isHead;
  private final boolean wantsKeepAlive;
  private final RouteAction.Forward forward;
  private final List<MirrorExchange> mirrors;

  private final ArrayDeque<HttpContent> buffered = new ArrayDeque<>(2);
  private UpstreamConnection upstream;
  private final RetryConfig retry;
  private final boolean isRetryAllowed;
  private final boolean isIdempotent;
  private int retriesDone;
  private int failoversDone;

  /** The endpoint of the next try when a failover chose it. */
  private BoundEndpoint failoverEndpoint;

  /** The cluster whose retry budget this exchange holds a place in, once it decided to retry. */
  private UpstreamCluster retryBudgetHeld;

  private BoundEndpoint endpoint;
  private BoundEndpoint previousEndpoint;
  private boolean hasWritten;
  private boolean isTrackingReplay;
  private List<HttpContent> replay;
  private int replayBytes;
  private boolean isDiscarding;
  private LoopTimeouts.Timeout perTryTimeout;
  private ScheduledFuture<?> backoff;
  private boolean isRequestComplete;
  private boolean isResponseStarted;
  private boolean isResponseComplete;
  private boolean isDone;
  private boolean downstreamKeepAlive;
  private boolean upstreamKeepAlive;
  private LoopTimeouts.Timeout timeout;
  private boolean hasRequestBody;
  private int staleRetriesLeft = MAX_STALE_RETRIES;

  private ForwardExchange(
      HttpProxyHandler connection,
      HttpListenerConfig listener,
      VirtualHostConfig virtualHost,
      RouteConfig route,
      RouteAction.Forward forward,
      BoundCluster cluster,
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
    this.retry = route.retry();
    this.isRetryAllowed = retry.isEnabled() && retry.allowsMethod(upstreamHead.method().name());
    this.isIdempotent = isIdempotent(upstreamHead.method());
    this.isTrackingReplay = isRetryAllowed || isIdempotent;
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
    BoundCluster cluster = connection.binding().pick(forward.clusters());
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
                  connection.binding().cluster(mirror.cluster()),
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
    // x-http2-* would steer Netty's conversion toward an HTTP/2 upstream: a client may not set
    // them.
    HeaderRewrites.removeHopByHopAndHttp2Extensions(headers);
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

  /**
   * GET, HEAD, OPTIONS, TRACE, PUT and DELETE: methods a client may send again after a failure
   * without changing what the request means (RFC 9110 §9.2.2).
   */
  static boolean isIdempotent(HttpMethod method) {
    return HttpMethod.GET.equals(method)
        || HttpMethod.HEAD.equals(method)
        || HttpMethod.OPTIONS.equals(method)
        || HttpMethod.TRACE.equals(method)
        || HttpMethod.PUT.equals(method)
        || HttpMethod.DELETE.equals(method);
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
    backoff = null;
    if (isDone) {
      return;
    }
    endpoint = failoverEndpoint != null ? failoverEndpoint : pickEndpoint(previousEndpoint);
    failoverEndpoint = null;
    if (endpoint == null) {
      fail(ProxyFailure.NO_HEALTHY_UPSTREAM);
      return;
    }
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

  /** The next endpoint of the cluster; another one than {@code avoid} (when set) if any. */
  private BoundEndpoint pickEndpoint(BoundEndpoint avoid) {
    UpstreamPools pools = connection.services().pools();
    BoundEndpoint picked = pools.pick(cluster);
    if (avoid != null && picked != null) {
      int others = cluster.endpoints().size() - 1;
      for (int i = 0; i < others && picked.equals(avoid); i++) {
        picked = pools.pick(cluster);
      }
    }
    return picked;
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
        return;
      }
      tryEnded(TryOutcome.CONNECT_FAILURE, 0);
      if (failOver()) {
        return;
      }
      if (canRetry()
          && retry.retriesOnFailure(RetryConfig.Failure.CONNECT_FAILURE)
          && takeRetryBudget()) {
        retryLater();
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
    if (replay != null) {
      for (int i = 0; i < replay.size(); i++) {
        channel.write(replay.get(i).retainedDuplicate());
      }
    }
    HttpContent content;
    while ((content = buffered.poll()) != null) {
      remember(content);
      channel.write(content);
    }
    hasWritten = true;
    channel.flush();
    channel.read();
    if (isRequestComplete) {
      startTimeout();
      startPerTryTimeout();
    } else if (channel.isWritable()) {
      ctx.read();
    }
  }

  // ------------------------------------------------------------------------------------------
  // Tries and retries

  /**
   * Every try ends here exactly once: with a response head ({@code status}), a connect failure, a
   * reset, a refused stream or a per-try timeout, on {@link #endpoint}. This is where what a try
   * tells about its endpoint is known (for endpoint health and outlier detection).
   */
  private void tryEnded(TryOutcome outcome, int status) {
    if (log.isDebugEnabled()) {
      log.debug(
          "try {} of route {} to {} ended: {} {}",
          retriesDone + 1,
          route.name(),
          endpoint,
          outcome,
          outcome == TryOutcome.RESPONSE ? status : "");
    }
  }

  /** Whether a failed try may be followed by another (its condition aside). */
  private boolean canRetry() {
    return isRetryAllowed
        && retriesDone < retry.numRetries()
        && !isDone
        && !isResponseStarted
        && (!hasWritten || isTrackingReplay);
  }

  /**
   * Takes a place in the cluster's retry budget (CircuitBreaker {@code maxRetries}: requests being
   * retried at once, per cluster and proxy) the first time this exchange retries; the place is
   * given back when the exchange ends. False when the budget is spent: the try's outcome stands.
   */
  private boolean takeRetryBudget() {
    if (retryBudgetHeld == null) {
      UpstreamCluster state = connection.services().pools().cluster(cluster);
      if (!state.tryStartRetry()) {
        return false;
      }
      retryBudgetHeld = state;
    }
    return true;
  }

  /**
   * Sends the request at once to another endpoint of the cluster after a try that ended without any
   * response byte in a way that makes that safe (the caller's part: a connect failure, or, for an
   * idempotent request, a connection lost), whatever the route's Retry policy says: at most {@link
   * #MAX_FAILOVERS} times per request, only when everything written so far can be written again,
   * and only when load balancing offers an endpoint other than the failed one (the failed endpoint
   * left it already when its connect failed). Failovers neither count as retries of the policy nor
   * take a place in the retry budget. Envoy's reset-before-request-sent and nginx's {@code
   * proxy_next_upstream error} are the models.
   *
   * @return false when the request may not fail over: the caller goes on with the policy
   */
  private boolean failOver() {
    if (failoversDone >= MAX_FAILOVERS
        || isDone
        || isResponseStarted
        || (hasWritten && !isTrackingReplay)) {
      return false;
    }
    BoundEndpoint failed = endpoint;
    BoundEndpoint other = pickEndpoint(failed);
    if (other == null || (failed != null && other.address().equals(failed.address()))) {
      return false;
    }
    failoversDone++;
    previousEndpoint = failed;
    failoverEndpoint = other;
    cancelPerTryTimeout();
    releaseUpstream(false, true);
    log.debug("route {} fails over from {} to {}", route.name(), failed, other);
    // Not from within the failed connection's callbacks: the next try starts on its own task.
    ctx.executor().execute(this::connect);
    return true;
  }

  /** Schedules the next try after the back-off; the current try's connection is released. */
  private void retryLater() {
    retriesDone++;
    previousEndpoint = endpoint;
    cancelPerTryTimeout();
    long delay =
        RetryBackoff.delayNanos(
            retriesDone,
            retry.baseInterval(),
            retry.maxInterval(),
            ThreadLocalRandom.current().nextLong());
    backoff = ctx.executor().schedule(this::connect, delay, TimeUnit.NANOSECONDS);
  }

  /** Keeps a retained duplicate of a piece of the request body, while it fits, for retries. */
  private void remember(HttpContent content) {
    if (!isTrackingReplay) {
      return;
    }
    int size = content.content().readableBytes();
    if (replayBytes + size > MAX_REPLAY_BYTES) {
      stopReplay();
      return;
    }
    replayBytes += size;
    if (replay == null) {
      replay = new ArrayList<>(2);
    }
    replay.add(content.retainedDuplicate());
  }

  /** No more retries: the kept request body is released. */
  private void stopReplay() {
    isTrackingReplay = false;
    if (replay != null) {
      for (int i = 0; i < replay.size(); i++) {
        replay.get(i).release();
      }
      replay = null;
    }
  }

  /** Drops a retried try's response; at its end the next try is scheduled. */
  private void discard(HttpObject object) {
    boolean isLast = object instanceof LastHttpContent;
    ReferenceCountUtil.release(object);
    if (isLast) {
      isDiscarding = false;
      releaseUpstream(upstreamKeepAlive && isRequestComplete, true);
      retryLater();
    }
  }

  private void startPerTryTimeout() {
    if (perTryTimeout != null || retry.perTryTimeout().isZero() || isResponseStarted || isDone) {
      return;
    }
    perTryTimeout = connection.timeouts(retry.perTryTimeout()).arm(this::onPerTryTimeout);
  }

  private void cancelPerTryTimeout() {
    if (perTryTimeout != null) {
      perTryTimeout.cancel();
      perTryTimeout = null;
    }
  }

  private void onPerTryTimeout() {
    perTryTimeout = null;
    if (isDone || isResponseStarted || upstream == null) {
      return;
    }
    if (isDiscarding) {
      // The try already ended (its response is being dropped): stop reading it and go on.
      isDiscarding = false;
      releaseUpstream(false, true);
      retryLater();
      return;
    }
    tryEnded(TryOutcome.TIMEOUT, 0);
    releaseUpstream(false, true);
    if (canRetry()
        && retry.retriesOnFailure(RetryConfig.Failure.PER_TRY_TIMEOUT)
        && takeRetryBudget()) {
      retryLater();
    } else {
      fail(ProxyFailure.UPSTREAM_TIMEOUT);
    }
  }

  private void cancelTries() {
    if (retryBudgetHeld != null) {
      retryBudgetHeld.retryFinished();
      retryBudgetHeld = null;
    }
    cancelPerTryTimeout();
    if (backoff != null) {
      backoff.cancel(false);
      backoff = null;
    }
    stopReplay();
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
      remember(content);
      upstream.channel().writeAndFlush(content);
    }
    if (isLast) {
      isRequestComplete = true;
      if (isResponseComplete) {
        complete();
      } else if (upstream != null && !isDone) {
        startTimeout();
        startPerTryTimeout();
      }
    }
  }

  @Override
  public boolean isRequestComplete() {
    return isRequestComplete;
  }

  @Override
  public boolean isResponseStarted() {
    return isResponseStarted || isResponseComplete;
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
    if (isDiscarding) {
      discard(object);
      return;
    }
    if (object instanceof HttpResponse response) {
      if (response.status().codeClass() == HttpStatusClass.INFORMATIONAL
          && response.status().code() != 101) {
        // 100 Continue was answered by the proxy itself; other 1xx are not relayed.
        ReferenceCountUtil.release(object);
        return;
      }
      int status = response.status().code();
      tryEnded(TryOutcome.RESPONSE, status);
      if (canRetry() && retriesOn(response) && takeRetryBudget()) {
        upstreamKeepAlive = HttpUtil.isKeepAlive(response);
        isDiscarding = true;
        discard(object);
        return;
      }
      isResponseStarted = true;
      cancelPerTryTimeout();
      stopReplay();
      upstreamKeepAlive = HttpUtil.isKeepAlive(response);
      HttpHeaders headers = response.headers();
      HeaderRewrites.removeHopByHopAndHttp2Extensions(headers);
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

  private boolean retriesOn(HttpResponse response) {
    HttpHeaders headers = response.headers();
    Integer grpcStatus = headers.getInt(GRPC_STATUS);
    return retry.retriesOnResponse(
        response.status().code(),
        grpcStatus == null ? -1 : grpcStatus,
        headers.contains(ENVOY_RATELIMITED));
  }

  @Override
  public void onResponseReadComplete() {
    if (isDiscarding && upstream != null) {
      upstream.channel().read();
      return;
    }
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
    if (isDiscarding) {
      // The retried response was cut: the retry goes on.
      isDiscarding = false;
      releaseUpstream(false, true);
      retryLater();
      return;
    }
    // A stream the upstream reset on purpose (HTTP/2 RST_STREAM) is an answer, not staleness.
    boolean isStreamReset = cause instanceof Http2Exception;
    if (!isResponseStarted
        && !isStreamReset
        && upstream != null
        && upstream.isReused()
        && isRequestComplete
        && !hasRequestBody
        && staleRetriesLeft > 0) {
      staleRetriesLeft--;
      cancelTimeout();
      cancelPerTryTimeout();
      releaseUpstream(false, false);
      if (replay == null) {
        buffered.add(LastHttpContent.EMPTY_LAST_CONTENT);
      }
      connect();
    } else if (!isResponseStarted) {
      boolean isRefused =
          isStreamReset && ((Http2Exception) cause).error() == Http2Error.REFUSED_STREAM;
      tryEnded(isRefused ? TryOutcome.REFUSED_STREAM : TryOutcome.RESET, 0);
      // A lost connection may have carried a request that was processed: only an idempotent one
      // may go again. A stream the upstream reset on purpose (refused too) is its answer, left to
      // the Retry policy.
      if (!isStreamReset && isIdempotent && failOver()) {
        return;
      }
      RetryConfig.Failure failure =
          isRefused ? RetryConfig.Failure.REFUSED_STREAM : RetryConfig.Failure.RESET;
      if (canRetry() && retry.retriesOnFailure(failure) && takeRetryBudget()) {
        releaseUpstream(false, true);
        retryLater();
      } else {
        fail(ProxyFailure.UPSTREAM_RESET);
      }
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
    timeout = connection.timeouts(route.timeout()).arm(this::onTimeout);
  }

  private void cancelTimeout() {
    if (timeout != null) {
      timeout.cancel();
      timeout = null;
    }
  }

  private void onTimeout() {
    timeout = null;
    if (isDone || isResponseComplete) {
      return;
    }
    if (!isResponseStarted) {
      if (upstream != null && !isDiscarding) {
        tryEnded(TryOutcome.TIMEOUT, 0);
      }
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
      cancelTries();
      drainBuffered();
    }
  }

  private void finish(boolean upstreamReusable, boolean failed) {
    boolean wasDone = isDone;
    isDone = true;
    cancelTimeout();
    cancelTries();
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
      cancelTries();
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
