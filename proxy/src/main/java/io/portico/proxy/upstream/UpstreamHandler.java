package io.portico.proxy.upstream;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of an upstream connection (or HTTP/2 stream): hands responses to the attached
 * exchange. With no exchange attached (an idle pooled connection), anything read is unexpected and
 * the connection is closed. Nothing escapes: failures close the connection and reach the exchange
 * as {@link UpstreamListener#onUpstreamClosed}.
 */
final class UpstreamHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(UpstreamHandler.class);
  private final long idleNanos;
  private final Runnable onIdle = this::onIdle;
  private ChannelHandlerContext ctx;
  private UpstreamListener listener;
  private Throwable failure;
  private ScheduledFuture<?> idle;
  private long idleSince;

  /**
   * @param idleTimeout how long the connection may stay in the pool without an exchange before it
   *     is closed (an HTTP/1 connection); zero for none (an HTTP/2 stream)
   */
  UpstreamHandler(Duration idleTimeout) {
    this.idleNanos = idleTimeout.toNanos();
  }

  void attach(UpstreamListener listener) {
    this.listener = listener;
  }

  /** Back in the pool: idle from now (one clock read; the idle timer is set per connection). */
  void detach() {
    this.listener = null;
    if (idleNanos > 0 && ctx != null) {
      idleSince = ctx.executor().ticker().nanoTime();
    }
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (idleNanos > 0) {
      idleSince = ctx.executor().ticker().nanoTime();
      armIdle(idleNanos);
    }
    ctx.fireChannelActive();
  }

  private void armIdle(long delayNanos) {
    idle = ctx.executor().schedule(onIdle, delayNanos, TimeUnit.NANOSECONDS);
  }

  /** Closes the connection once it was out of use for the idle timeout, else waits what is left. */
  private void onIdle() {
    idle = null;
    if (!ctx.channel().isActive()) {
      return;
    }
    long left = idleNanos - (ctx.executor().ticker().nanoTime() - idleSince);
    if (listener != null || UpstreamInitializer.isHandshaking(ctx.channel())) {
      armIdle(idleNanos);
    } else if (left > 0) {
      armIdle(left);
    } else {
      ctx.close();
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    UpstreamListener current = listener;
    if (current != null && msg instanceof HttpObject object) {
      current.onResponseObject(object);
      return;
    }
    ReferenceCountUtil.release(msg);
    ctx.close();
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    UpstreamListener current = listener;
    if (current != null) {
      current.onResponseReadComplete();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    UpstreamListener current = listener;
    if (current != null) {
      current.onUpstreamWritabilityChanged(ctx.channel().isWritable());
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (idle != null) {
      idle.cancel(false);
      idle = null;
    }
    UpstreamListener current = listener;
    listener = null;
    if (current != null) {
      current.onUpstreamClosed(failure != null ? failure : new ClosedChannelException());
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof Http2ResetFrame reset && failure == null) {
      // Tells the exchange why its stream ends (REFUSED_STREAM may be retried).
      Http2Error error = Http2Error.valueOf(reset.errorCode());
      failure =
          Http2Exception.streamError(
              reset.stream() == null ? 0 : reset.stream().id(),
              error == null ? Http2Error.INTERNAL_ERROR : error,
              "stream reset by the upstream with error code %d",
              reset.errorCode());
    }
    ReferenceCountUtil.release(evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("upstream connection failed", cause);
    failure = cause;
    ctx.close();
  }
}
