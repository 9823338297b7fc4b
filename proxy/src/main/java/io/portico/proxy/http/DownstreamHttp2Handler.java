package io.portico.proxy.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.portico.proxy.transport.DrainEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection-level end of a downstream HTTP/2 connection: widens the connection window, closes
 * the connection when it is idle with no stream open, and on drain closes it gracefully (GOAWAY,
 * open streams finish). Nothing escapes: failures close the connection.
 */
final class DownstreamHttp2Handler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(DownstreamHttp2Handler.class);

  private final Http2FrameCodec codec;
  private final int connectionWindowBytes;

  DownstreamHttp2Handler(Http2FrameCodec codec, int connectionWindowBytes) {
    this.codec = codec;
    this.connectionWindowBytes = connectionWindowBytes;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) throws Http2Exception {
    Http2Stream connectionStream = codec.connection().connectionStream();
    int window = codec.connection().local().flowController().windowSize(connectionStream);
    if (connectionWindowBytes > window) {
      codec
          .connection()
          .local()
          .flowController()
          .incrementWindowSize(connectionStream, connectionWindowBytes - window);
      ctx.flush();
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt == DrainEvent.INSTANCE) {
      ctx.close();
    } else if (evt instanceof IdleStateEvent) {
      if (codec.connection().numActiveStreams() == 0) {
        ctx.close();
      }
    }
    ReferenceCountUtil.release(evt);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    // Connection-level frames (settings, ping, goaway) are handled by the codec.
    ReferenceCountUtil.release(msg);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("downstream HTTP/2 connection failed", cause);
    ctx.close();
  }
}
