package io.portico.proxy.accesslog;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.ArrayDeque;
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
public final class HttpAccessLogHandler extends ChannelDuplexHandler {
  /** Stands for a request of a listener without access log. */
  private static final Object NOT_LOGGED = new Object();

  private final Supplier<AccessLogConfig> config;
  private final AccessLogSinks sinks;
  private final String protocol;
  private final ArrayDeque<Object> inFlight = new ArrayDeque<>(2);
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
    Object head = inFlight.peekFirst();
    return head instanceof Pending pending ? pending.entry : null;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest request) {
      AccessLogConfig log = config.get();
      if (log == null) {
        inFlight.addLast(NOT_LOGGED);
      } else {
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
        inFlight.addLast(new Pending(entry, log));
      }
    }
    if (msg instanceof HttpContent content && inFlight.peekLast() instanceof Pending pending) {
      pending.entry.bytesReceived += content.content().readableBytes();
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    Object head = inFlight.peekFirst();
    if (head != null) {
      if (msg instanceof HttpResponse response) {
        if (response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
          ctx.write(msg, promise);
          return;
        }
        if (head instanceof Pending pending) {
          pending.entry.responseCode = response.status().code();
          pending.entry.responseHeaders = response.headers();
        }
      }
      if (msg instanceof HttpContent content && head instanceof Pending pending) {
        pending.entry.bytesSent += content.content().readableBytes();
      }
      if (msg instanceof LastHttpContent) {
        inFlight.pollFirst();
        if (head instanceof Pending pending) {
          emit(pending);
        }
      }
    }
    ctx.write(msg, promise);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    Object head;
    while ((head = inFlight.pollFirst()) != null) {
      if (head instanceof Pending pending) {
        if (pending.entry.responseFlags == null) {
          pending.entry.responseFlags = "DC";
        }
        emit(pending);
      }
    }
    ctx.fireChannelInactive();
  }

  private void emit(Pending pending) {
    AccessLogEntry entry = pending.entry;
    entry.durationMillis = (System.nanoTime() - entry.startNanos) / 1_000_000;
    line.setLength(0);
    pending.config.format().append(line, entry);
    sinks.sink(pending.config.sink()).offer(line.toString());
  }

  private record Pending(AccessLogEntry entry, AccessLogConfig config) {}
}
