package io.portico.proxy.tcp;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splices one side of a TCP proxy to its peer: what this side reads is written to the peer; this
 * side reads again only when the peer is writable (auto-read is off). When this side's input ends,
 * the peer's output is shut down after what was read is flushed; when both directions ended, both
 * connections close.
 */
class TcpRelayHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(TcpRelayHandler.class);
  private Channel peer;
  private ChannelHandlerContext ctx;
  private java.util.ArrayDeque<Object> early;
  private boolean isInputShutdownEarly;

  TcpRelayHandler(Channel peer) {
    this.peer = peer;
  }

  /**
   * Connects this side to its peer, and relays what arrived before (a transport may read a
   * half-closing client's bytes even with auto-read off).
   */
  final void peer(Channel peer) {
    this.peer = peer;
    if (early != null) {
      Object msg;
      while ((msg = early.poll()) != null) {
        peer.write(msg);
      }
      peer.flush();
    }
    if (isInputShutdownEarly) {
      onInputShutdown();
    }
  }

  final Channel peer() {
    return peer;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (peer == null && ctx.channel().isActive()) {
      if (early == null) {
        early = new java.util.ArrayDeque<>(2);
      }
      early.add(msg);
      return;
    }
    if (peer == null || !peer.isActive()) {
      ReferenceCountUtil.release(msg);
      return;
    }
    peer.write(msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (peer == null) {
      return;
    }
    peer.flush();
    if (peer.isWritable()) {
      readMore(ctx.channel());
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    // This side drained its writes: the peer may read again.
    if (ctx.channel().isWritable() && peer != null) {
      readMore(peer);
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof ChannelInputShutdownEvent) {
      onInputShutdown();
    } else if (evt instanceof IdleStateEvent) {
      closeBoth();
    }
    ReferenceCountUtil.release(evt);
  }

  private void onInputShutdown() {
    Channel self = ctx.channel();
    if (peer == null && self.isActive()) {
      isInputShutdownEarly = true;
      return;
    }
    if (peer == null || !peer.isActive()) {
      self.close();
      return;
    }
    Channel target = peer;
    target
        .writeAndFlush(Unpooled.EMPTY_BUFFER)
        .addListener(
            (ChannelFutureListener)
                f -> {
                  if (!(target instanceof DuplexChannel duplex)) {
                    closeBoth();
                    return;
                  }
                  duplex
                      .shutdownOutput()
                      .addListener(
                          s -> {
                            if (duplex.isInputShutdown() || !s.isSuccess()) {
                              closeBoth();
                            }
                          });
                });
    if (self instanceof DuplexChannel duplexSelf && duplexSelf.isOutputShutdown()) {
      closeBoth();
    }
  }

  /** Asks a side for more bytes, unless its input already ended. */
  static void readMore(Channel channel) {
    if (channel.isActive()
        && !(channel instanceof DuplexChannel duplex && duplex.isInputShutdown())) {
      channel.read();
    }
  }

  final void closeBoth() {
    if (ctx != null) {
      ctx.channel().close();
    }
    if (peer != null) {
      peer.close();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (early != null) {
      Object msg;
      while ((msg = early.poll()) != null) {
        ReferenceCountUtil.release(msg);
      }
    }
    if (peer != null && peer.isActive()) {
      peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("tcp proxy connection failed", cause);
    closeBoth();
  }
}
