package io.portico.proxy.upstream;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.nio.channels.ClosedChannelException;
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
  private UpstreamListener listener;
  private Throwable failure;

  void attach(UpstreamListener listener) {
    this.listener = listener;
  }

  void detach() {
    this.listener = null;
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
    if (evt instanceof IdleStateEvent
        && listener == null
        && !UpstreamInitializer.isHandshaking(ctx.channel())) {
      ctx.close();
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
