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

  TcpRelayHandler(Channel peer) {
    this.peer = peer;
  }

  final void peer(Channel peer) {
    this.peer = peer;
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
      ctx.read();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    // This side drained its writes: the peer may read again.
    if (ctx.channel().isWritable() && peer != null && peer.isActive()) {
      peer.read();
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
