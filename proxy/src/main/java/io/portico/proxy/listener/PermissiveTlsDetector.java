package io.portico.proxy.listener;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.portico.proxy.tls.ServerTls;
import io.portico.proxy.transport.DrainEvent;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The first stage of a permissive listener (mTLS mode PERMISSIVE, spec core.md §1.2): looks at the
 * first bytes. A TLS record makes the {@link ListenerInitializer} add the handshake stage; anything
 * else is plaintext. A client that sends nothing for {@link #PLAINTEXT_AFTER_MILLIS} (a protocol
 * where the server speaks first) is taken as plaintext, as Envoy's TLS inspector does on its
 * listener filter timeout.
 */
final class PermissiveTlsDetector extends ByteToMessageDecoder {
  /** Envoy's default listener filter timeout (15 s), with "continue on timeout". */
  static final long PLAINTEXT_AFTER_MILLIS = 15_000;

  /** A TLS record header: type, version (2), length (2). */
  private static final int RECORD_HEADER_BYTES = 5;

  private static final int TLS_HANDSHAKE_RECORD = 22;

  private final ListenerInitializer initializer;
  private final ServerTls tls;
  private ScheduledFuture<?> timer;
  private boolean isDecided;

  PermissiveTlsDetector(ListenerInitializer initializer, ServerTls tls) {
    this.initializer = initializer;
    this.tls = tls;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    timer =
        ctx.executor()
            .schedule(
                () -> {
                  if (!isDecided && ctx.channel().isActive()) {
                    decide(ctx, false);
                  }
                },
                PLAINTEXT_AFTER_MILLIS,
                TimeUnit.MILLISECONDS);
    ctx.read();
    super.channelActive(ctx);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (isDecided || !in.isReadable()) {
      return;
    }
    int first = in.getUnsignedByte(in.readerIndex());
    if (first != TLS_HANDSHAKE_RECORD) {
      decide(ctx, false);
    } else if (in.readableBytes() >= RECORD_HEADER_BYTES) {
      decide(ctx, SslHandler.isEncrypted(in, false));
    }
  }

  private void decide(ChannelHandlerContext ctx, boolean isTls) {
    isDecided = true;
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
    initializer.detected(ctx, tls, isTls);
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
  protected void handlerRemoved0(ChannelHandlerContext ctx) {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }
}
