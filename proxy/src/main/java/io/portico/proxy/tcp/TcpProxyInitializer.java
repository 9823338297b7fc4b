package io.portico.proxy.tcp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.timeout.IdleStateHandler;
import io.portico.proxy.config.TcpListenerConfig;
import io.portico.proxy.upstream.UpstreamPools;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Builds the pipelines of a TCP listener's connection and of its upstream connection.
 *
 * <pre>
 *  downstream socket ──▶ IdleStateHandler ──▶ TcpProxyHandler ──write──▶ upstream socket
 *  upstream socket   ──▶ TcpRelayHandler ────────────────────write──▶ downstream socket
 * </pre>
 *
 * Both sides have auto-read off and half-closure allowed.
 */
public final class TcpProxyInitializer {
  private final UpstreamPools pools;

  public TcpProxyInitializer(UpstreamPools pools) {
    this.pools = Objects.requireNonNull(pools, "pools");
  }

  public void initChannel(Channel ch, TcpListenerConfig listener) {
    ch.config().setAutoRead(false);
    ch.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
    ch.pipeline()
        .addLast(
            "idle",
            new IdleStateHandler(0, 0, listener.idleTimeout().toMillis(), TimeUnit.MILLISECONDS))
        .addLast("tcp-proxy", new TcpProxyHandler(listener, pools));
  }

  /** The pipeline of the upstream connection that relays to {@code downstream}. */
  static ChannelInitializer<Channel> upstream(Channel downstream) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel ch) {
        ch.config().setAutoRead(false);
        ch.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        ch.pipeline().addLast("tcp-relay", new TcpRelayHandler(downstream));
      }
    };
  }
}
