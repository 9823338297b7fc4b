package io.portico.proxy.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.portico.proxy.config.HttpListenerConfig;
import io.portico.proxy.fault.FaultDecision;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Applies the faults of an inbound listener (FaultInjection, spec core.md §3.4) to the requests of
 * one connection, before routing: a delay parks the request and schedules its routing on the event
 * loop (the connection reads nothing meanwhile; requests behind it wait), an abort answers the
 * status, a bandwidth limit throttles the response through a shaping handler.
 *
 * <pre>
 *  request head ──▶ decide (x-kuma-tags, percentages) ──none──▶ route
 *                          │ delay: park ──timer──▶ route (or abort)
 *                          │ abort: answer status (body "fault filter abort")
 *                          │ bandwidth: throttle this response, lifted when the exchange ends
 * </pre>
 */
final class FaultStage {
  /** The header through which the caller's tags arrive (spec gateway.md §2.6). */
  static final String KUMA_TAGS = "x-kuma-tags";

  private static final byte[] ABORT_BODY = "fault filter abort".getBytes(StandardCharsets.UTF_8);

  private final HttpProxyHandler connection;
  private HttpRequest parked;
  private int parkedAbort;
  private ScheduledFuture<?> timer;
  private boolean isThrottling;

  FaultStage(HttpProxyHandler connection) {
    this.connection = connection;
  }

  /** Whether a delayed request is parked: nothing else is dispatched until it is routed. */
  boolean isHolding() {
    return parked != null;
  }

  /**
   * Decides the faults of a valid request.
   *
   * @return true when the request was taken (delayed or aborted); false: route it as usual
   */
  boolean intercept(HttpRequest request, HttpListenerConfig listener) {
    FaultDecision decision =
        listener
            .faults()
            .decide(request.headers().get(KUMA_TAGS), connection.services().mirrorSampler());
    if (decision == null) {
      return false;
    }
    if (decision.bandwidthBytesPerSecond() > 0) {
      isThrottling = true;
      HttpServerInitializer.limitBandwidth(connection.ctx(), decision.bandwidthBytesPerSecond());
    }
    if (decision.delayNanos() > 0) {
      connection.responseFlag("DI");
      parked = request;
      parkedAbort = decision.abortStatus();
      timer =
          connection
              .ctx()
              .executor()
              .schedule(this::onDelayElapsed, decision.delayNanos(), TimeUnit.NANOSECONDS);
      return true;
    }
    if (decision.abortStatus() != 0) {
      connection.route(request, decision.abortStatus());
      return true;
    }
    return false;
  }

  private void onDelayElapsed() {
    timer = null;
    HttpRequest request = parked;
    parked = null;
    if (request == null) {
      return;
    }
    connection.route(request, parkedAbort);
    connection.resumed();
  }

  /** The exchange ended: lift a bandwidth limit for the next request. */
  void onFinished() {
    if (isThrottling) {
      isThrottling = false;
      HttpServerInitializer.limitBandwidth(connection.ctx(), 0);
    }
  }

  /** The connection closed: drop a parked request. */
  void onClosed() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
    if (parked != null) {
      ReferenceCountUtil.release(parked);
      parked = null;
    }
  }

  /** Envoy's fault abort answer. */
  static FullHttpResponse abortResponse(int status) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(status),
            Unpooled.wrappedBuffer(ABORT_BODY));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, ABORT_BODY.length);
    return response;
  }
}
