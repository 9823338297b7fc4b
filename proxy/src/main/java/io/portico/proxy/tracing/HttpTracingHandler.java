package io.portico.proxy.tracing;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.portico.proxy.observe.RequestRecorder;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Makes one span per HTTP request of a traced listener (what Envoy's Zipkin tracer does on an HTTP
 * connection manager), sitting just before the proxy handler:
 *
 * <pre>
 *  request ──▶ read context (B3 multi, b3, traceparent) ──▶ decide sampling ──▶ new span id
 *          ──▶ rewrite the B3 headers to the new span (the proxy forwards them upstream)
 *  response ──▶ status, size ──▶ last byte written (or connection closed): span to the exporter
 * </pre>
 *
 * <p>An incoming sampling decision is honoured; otherwise the listener's sampling percent decides.
 * A request that is not sampled still gets its context propagated (with {@code x-b3-sampled: 0})
 * but records nothing. A listener without tracing costs one lookup and one null check per request.
 * The listener's tracing is looked up per request, so that a TrafficTrace applies to (and its
 * removal stops tracing on) keep-alive connections from their next request.
 */
public final class HttpTracingHandler extends RequestRecorder<HttpTracingHandler.Pending> {
  private final Supplier<TracingConfig> config;
  private final SpanExporters exporters;
  private final String scheme;
  private final String protocol;

  /**
   * @param config the tracing of the connection's listener in the config in force; null = none
   * @param isTls whether the connection is TLS (for {@code http.url})
   * @param isHttp2 whether requests are HTTP/2 streams (for {@code http.protocol})
   */
  public HttpTracingHandler(
      Supplier<TracingConfig> config, SpanExporters exporters, boolean isTls, boolean isHttp2) {
    this.config = config;
    this.exporters = exporters;
    this.scheme = isTls ? "https://" : "http://";
    this.protocol = isHttp2 ? "HTTP/2" : null;
  }

  /** The span of the request being answered; null when it records none. */
  public Span current() {
    Pending pending = currentRecord();
    return pending == null ? null : pending.span;
  }

  @Override
  protected Pending start(ChannelHandlerContext ctx, HttpRequest request) {
    TracingConfig tracing = config.get();
    return tracing == null ? null : start(request, tracing);
  }

  private Pending start(HttpRequest request, TracingConfig tracing) {
    HttpHeaders headers = request.headers();
    TraceContext incoming = TraceContext.of(headers);
    Boolean decision = incoming != null ? incoming.sampled() : TraceContext.decisionOnly(headers);
    boolean isSampled = decision != null ? decision : sample(tracing.sampling());
    String traceId = incoming != null ? incoming.traceId() : newTraceId(tracing.traceId128bit());
    String callerSpan = incoming == null ? null : incoming.spanId();
    boolean isShared = callerSpan != null && tracing.sharesSpan();
    String id = isShared ? callerSpan : newId();
    String parentId = isShared ? incoming.parentId() : callerSpan;
    propagate(headers, traceId, id, parentId, isSampled);
    if (!isSampled) {
      return null;
    }
    Span span =
        new Span(
            traceId,
            id,
            parentId,
            tracing.isClient(),
            isShared,
            tracing.serviceName(),
            tracing.nodeId());
    String host = headers.get(HttpHeaderNames.HOST, "");
    span.name = host.isEmpty() ? request.method().name() : host.toLowerCase(Locale.ROOT);
    span.timestampMicros = System.currentTimeMillis() * 1000;
    span.startNanos = System.nanoTime();
    span.method = request.method().name();
    span.url = scheme + host + request.uri();
    span.protocol = protocol != null ? protocol : request.protocolVersion().text();
    span.requestId = headers.get("x-request-id");
    return new Pending(span, tracing);
  }

  /** The request carries the new span's context upstream, in B3 multi headers. */
  private static void propagate(
      HttpHeaders headers, String traceId, String id, String parentId, boolean isSampled) {
    headers.set(TraceContext.TRACE_ID, traceId);
    headers.set(TraceContext.SPAN_ID, id);
    if (parentId == null) {
      headers.remove(TraceContext.PARENT_SPAN_ID);
    } else {
      headers.set(TraceContext.PARENT_SPAN_ID, parentId);
    }
    headers.set(TraceContext.SAMPLED, isSampled ? "1" : "0");
    headers.remove(TraceContext.B3);
    if (headers.contains(TraceContext.TRACEPARENT)) {
      String traceId32 = traceId.length() == 32 ? traceId : "0000000000000000" + traceId;
      headers.set(
          TraceContext.TRACEPARENT, "00-" + traceId32 + "-" + id + (isSampled ? "-01" : "-00"));
    }
  }

  private static boolean sample(double percent) {
    return percent >= 100
        || (percent > 0 && ThreadLocalRandom.current().nextDouble() * 100 < percent);
  }

  private static String newTraceId(boolean is128bit) {
    return is128bit ? newId() + newId() : newId();
  }

  private static String newId() {
    long id;
    do {
      id = ThreadLocalRandom.current().nextLong();
    } while (id == 0);
    String hex = Long.toHexString(id);
    return hex.length() == 16 ? hex : "0".repeat(16 - hex.length()) + hex;
  }

  @Override
  protected void responseHead(Pending pending, HttpResponse response) {
    pending.span.statusCode = response.status().code();
  }

  @Override
  protected void responseBytes(Pending pending, int bytes) {
    pending.span.responseSize += bytes;
  }

  @Override
  protected void closedEarly(Pending pending) {
    if (pending.span.statusCode == 0) {
      pending.span.error = "downstream connection closed";
    }
  }

  @Override
  protected void finish(Pending pending) {
    Span span = pending.span;
    span.durationMicros = (System.nanoTime() - span.startNanos) / 1_000;
    exporters.exporter(pending.tracing.collector()).offer(span);
  }

  /** A recorded request: its span and the tracing it goes to. */
  record Pending(Span span, TracingConfig tracing) {}
}
