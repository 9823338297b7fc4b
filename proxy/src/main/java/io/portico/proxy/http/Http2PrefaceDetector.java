package io.portico.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.portico.proxy.bind.BoundConfig;
import io.portico.proxy.config.HttpListenerConfig;
import io.portico.proxy.transport.DrainEvent;
import java.util.List;

/**
 * Tells HTTP/2 with prior knowledge from HTTP/1.x on the first bytes of a connection: the HTTP/2
 * connection preface ({@code PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n}, RFC 9113 §3.4) or anything else. It
 * decides at the first byte that differs from the preface, so an HTTP/1.x request is not held back.
 */
final class Http2PrefaceDetector extends ByteToMessageDecoder {
  private static final ByteBuf PREFACE = Http2CodecUtil.connectionPrefaceBuf();

  private final HttpServerInitializer initializer;
  private final HttpListenerConfig listener;
  private final BoundConfig binding;
  private final boolean isTls;
  private boolean isDecided;

  Http2PrefaceDetector(
      HttpServerInitializer initializer,
      HttpListenerConfig listener,
      BoundConfig binding,
      boolean isTls) {
    this.initializer = initializer;
    this.listener = listener;
    this.binding = binding;
    this.isTls = isTls;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    // Passed on once the protocol is known; until then this stage reads.
    ctx.read();
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (isDecided) {
      return;
    }
    int length = Math.min(in.readableBytes(), PREFACE.readableBytes());
    for (int i = 0; i < length; i++) {
      if (in.getByte(in.readerIndex() + i) != PREFACE.getByte(PREFACE.readerIndex() + i)) {
        decide(ctx, false);
        return;
      }
    }
    if (length == PREFACE.readableBytes()) {
      decide(ctx, true);
    }
  }

  private void decide(ChannelHandlerContext ctx, boolean isHttp2) {
    isDecided = true;
    initializer.detected(ctx, listener, binding, isTls, isHttp2);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (!isDecided && (evt instanceof IdleStateEvent || evt == DrainEvent.INSTANCE)) {
      ReferenceCountUtil.release(evt);
      ctx.close();
      return;
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
