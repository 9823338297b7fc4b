package io.portico.proxy.accesslog;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Records one access log entry per TCP connection: bytes received from and sent to the client, the
 * upstream, the duration; the line is handed to the sink when the connection closes.
 */
public final class TcpAccessLogHandler extends ChannelDuplexHandler {
  private final AccessLogConfig config;
  private final AccessLogSinks sinks;
  private final AccessLogEntry entry = new AccessLogEntry();

  public TcpAccessLogHandler(AccessLogConfig config, AccessLogSinks sinks) {
    this.config = config;
    this.sinks = sinks;
  }

  /** Tells the access log of {@code downstream}, if it has one, where the connection went. */
  public static void upstream(Channel downstream, String cluster, String host) {
    TcpAccessLogHandler handler = downstream.pipeline().get(TcpAccessLogHandler.class);
    if (handler != null) {
      handler.entry.upstream(cluster, host);
    }
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    entry.startEpochMillis = System.currentTimeMillis();
    entry.startNanos = System.nanoTime();
    entry.downstreamRemote = ctx.channel().remoteAddress();
    entry.downstreamLocal = ctx.channel().localAddress();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf buf) {
      entry.bytesReceived += buf.readableBytes();
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof ByteBuf buf) {
      entry.bytesSent += buf.readableBytes();
    }
    ctx.write(msg, promise);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    entry.durationMillis = (System.nanoTime() - entry.startNanos) / 1_000_000;
    if (entry.upstreamHost == null) {
      entry.responseFlags = "UF";
    }
    sinks.sink(config.sink()).offer(config.format().format(entry));
    ctx.fireChannelInactive();
  }
}
