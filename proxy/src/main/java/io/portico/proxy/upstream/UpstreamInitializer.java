package io.portico.proxy.upstream;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.portico.proxy.bind.BoundEndpoint;
import io.portico.proxy.config.UpstreamProtocol;
import io.portico.proxy.tls.ClientTls;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Builds the pipelines of upstream connections.
 *
 * <pre>
 * HTTP/1.1 connection:
 *   socket ──▶ [SslHandler] ──▶ HttpClientCodec ──▶ UpstreamHandler ──▶ exchange
 *                                                     (idle: not leased for the idle timeout)
 *
 * HTTP/2 connection (prior knowledge, in TLS or not; ALPN does not change the protocol):
 *   socket ──▶ [SslHandler] ──▶ IdleStateHandler ──▶ Http2FrameCodec ──▶ Http2MultiplexHandler ──┐
 *                                                                                                 │ one child
 * HTTP/2 stream (child channel):                                                                  ▼ per request
 *   Http2StreamFrameToHttpObjectCodec ──▶ UpstreamHandler ──▶ exchange
 * </pre>
 *
 * The SslHandler comes from the cluster's {@link ClientTls} (SNI, client certificate); the pool
 * hands the connection out only once its handshake is done and the server verified. Connections and
 * streams do not read on their own (auto-read off): the exchange reads when its downstream can take
 * more.
 */
final class UpstreamInitializer extends ChannelInitializer<Channel> {
  /** Upstream response head limits: generous, the upstream is trusted more than clients. */
  private static final int MAX_INITIAL_LINE = 16 * 1024;

  private static final int MAX_HEADER_BYTES = 96 * 1024;
  private static final int MAX_CHUNK = 64 * 1024;

  private final UpstreamProtocol protocol;
  private final Duration idleTimeout;
  private final ClientTls tls;
  private final BoundEndpoint endpoint;
  private final Duration handshakeTimeout;

  /**
   * @param tls the cluster's TLS; {@code null} = plaintext
   * @param handshakeTimeout the TLS handshake counts as connecting: the connect timeout
   */
  UpstreamInitializer(
      UpstreamProtocol protocol,
      Duration idleTimeout,
      ClientTls tls,
      BoundEndpoint endpoint,
      Duration handshakeTimeout) {
    this.protocol = protocol;
    this.idleTimeout = idleTimeout;
    this.tls = tls;
    this.endpoint = endpoint;
    this.handshakeTimeout = handshakeTimeout;
  }

  @Override
  protected void initChannel(Channel ch) {
    if (tls != null) {
      ch.pipeline()
          .addLast(
              "tls",
              tls.newHandler(ch.alloc(), endpoint.host(), endpoint.port(), handshakeTimeout));
    }
    if (protocol == UpstreamProtocol.HTTP2) {
      ch.pipeline()
          .addLast(new IdleStateHandler(0, 0, idleTimeout.toMillis(), TimeUnit.MILLISECONDS))
          .addLast(Http2FrameCodecBuilder.forClient().build())
          .addLast(new Http2MultiplexHandler(new RejectPushedStreams()))
          .addLast(new Http2ConnectionHandler());
    } else {
      ch.config().setAutoRead(false);
      ch.pipeline()
          .addLast(new HttpClientCodec(MAX_INITIAL_LINE, MAX_HEADER_BYTES, MAX_CHUNK, true, true))
          .addLast(new UpstreamHandler(idleTimeout));
    }
  }

  /**
   * Whether a connection's TLS handshake is still running: it is not idle then, its connect timeout
   * (the handshake timeout) governs it.
   */
  static boolean isHandshaking(Channel ch) {
    io.netty.handler.ssl.SslHandler ssl = ch.pipeline().get(io.netty.handler.ssl.SslHandler.class);
    return ssl != null && !ssl.handshakeFuture().isDone();
  }

  /** The pipeline of one HTTP/2 stream. */
  static final class StreamInitializer extends ChannelInitializer<Channel> {
    @Override
    protected void initChannel(Channel ch) {
      ch.config().setOption(ChannelOption.AUTO_READ, false);
      ch.pipeline()
          .addLast(new Http2StreamFrameToHttpObjectCodec(false))
          .addLast(new UpstreamHandler(Duration.ZERO));
    }
  }

  /** Servers may not open streams towards the proxy (no push): such streams are reset. */
  private static final class RejectPushedStreams
      extends io.netty.channel.ChannelInboundHandlerAdapter {
    @Override
    public void channelActive(io.netty.channel.ChannelHandlerContext ctx) {
      ctx.close();
    }

    @Override
    public boolean isSharable() {
      return true;
    }
  }

  /** Closes an HTTP/2 connection that turned idle; swallows what its streams did not handle. */
  private static final class Http2ConnectionHandler
      extends io.netty.channel.ChannelInboundHandlerAdapter {
    @Override
    public void userEventTriggered(io.netty.channel.ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof io.netty.handler.timeout.IdleStateEvent && !isHandshaking(ctx.channel())) {
        ctx.close();
      }
      io.netty.util.ReferenceCountUtil.release(evt);
    }

    @Override
    public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
      io.netty.util.ReferenceCountUtil.release(msg);
    }

    @Override
    public void exceptionCaught(io.netty.channel.ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
