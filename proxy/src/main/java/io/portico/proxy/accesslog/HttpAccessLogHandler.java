package io.portico.proxy.accesslog;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.portico.proxy.observe.RequestRecorder;
import java.util.function.Supplier;

/**
 * Records one access log entry per HTTP request of a connection (or HTTP/2 stream), sitting just
 * before the proxy handler: the request head and body size on the way in, the response head and
 * body size on the way out; the line is formatted and handed to the sink when the last byte of the
 * response is written (or the connection closes first: flag {@code DC}).
 *
 * <p>The listener's access log is looked up for each request, so that a TrafficLog applies to
 * keep-alive connections from their next request. Responses come in request order, so the oldest
 * entry is the one being answered.
 */
public final class HttpAccessLogHandler extends RequestRecorder<HttpAccessLogHandler.Pending> {
  private final Supplier<AccessLogConfig> config;
  private final AccessLogSinks sinks;
  private final String protocol;
  private final StringBuilder line = new StringBuilder(256);

  /**
   * @param config the access log of the connection's listener in the config in force; null = none
   * @param isHttp2 whether requests are HTTP/2 streams (for {@code %PROTOCOL%})
   */
  public HttpAccessLogHandler(
      Supplier<AccessLogConfig> config, AccessLogSinks sinks, boolean isHttp2) {
    this.config = config;
    this.sinks = sinks;
    this.protocol = isHttp2 ? "HTTP/2" : null;
  }

  /** The entry of the request being answered; null when it is not logged. */
  public AccessLogEntry current() {
    Pending pending = currentRecord();
    return pending == null ? null : pending.entry;
  }

  @Override
  protected Pending start(ChannelHandlerContext ctx, HttpRequest request) {
    AccessLogConfig log = config.get();
    if (log == null) {
      return null;
    }
    AccessLogEntry entry = new AccessLogEntry();
    entry.isHttp = true;
    entry.startEpochMillis = System.currentTimeMillis();
    entry.startNanos = System.nanoTime();
    entry.method = request.method().name();
    entry.path = request.uri();
    entry.protocol = protocol != null ? protocol : request.protocolVersion().text();
    entry.requestHeaders = request.headers();
    entry.downstreamRemote = ctx.channel().remoteAddress();
    entry.downstreamLocal = ctx.channel().localAddress();
    return new Pending(entry, log);
  }

  @Override
  protected void requestBytes(Pending pending, int bytes) {
    pending.entry.bytesReceived += bytes;
  }

  @Override
  protected void responseHead(Pending pending, HttpResponse response) {
    pending.entry.responseCode = response.status().code();
    pending.entry.responseHeaders = response.headers();
  }

  @Override
  protected void responseBytes(Pending pending, int bytes) {
    pending.entry.bytesSent += bytes;
  }

  @Override
  protected void closedEarly(Pending pending) {
    if (pending.entry.responseFlags == null) {
      pending.entry.responseFlags = "DC";
    }
  }

  @Override
  protected void finish(Pending pending) {
    AccessLogEntry entry = pending.entry;
    entry.durationMillis = (System.nanoTime() - entry.startNanos) / 1_000_000;
    line.setLength(0);
    pending.config.format().append(line, entry);
    sinks.sink(pending.config.sink()).offer(line.toString());
  }

  /** A logged request: its entry and the access log it goes to. */
  record Pending(AccessLogEntry entry, AccessLogConfig config) {}
}
