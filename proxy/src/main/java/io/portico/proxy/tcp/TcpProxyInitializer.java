package io.portico.proxy.tcp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.timeout.IdleStateHandler;
import io.portico.proxy.accesslog.AccessLogSinks;
import io.portico.proxy.accesslog.TcpAccessLogHandler;
import io.portico.proxy.bind.BoundCluster;
import io.portico.proxy.bind.BoundConfig;
import io.portico.proxy.bind.BoundEndpoint;
import io.portico.proxy.config.TcpListenerConfig;
import io.portico.proxy.tls.ClientTls;
import io.portico.proxy.upstream.UpstreamPools;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Builds the pipelines of a TCP listener's connection and of its upstream connection.
 *
 * <pre>
 *  downstream socket ──▶ [TLS, admission] ──▶ IdleStateHandler ──▶ [TcpAccessLogHandler] ──▶ TcpProxyHandler ──write──▶ upstream socket
 *  upstream socket   ──▶ [SslHandler] ──▶ TcpRelayHandler ──────────────────────write──▶ downstream socket
 * </pre>
 *
 * Downstream TLS and admission are the listener package's; the upstream SslHandler is the cluster's
 * ({@code ClientTls}). Both sides have auto-read off and half-closure allowed.
 */
public final class TcpProxyInitializer {
  private final UpstreamPools pools;
  private final AccessLogSinks accessLogs;

  public TcpProxyInitializer(UpstreamPools pools) {
    this(pools, new AccessLogSinks());
  }

  public TcpProxyInitializer(UpstreamPools pools, AccessLogSinks accessLogs) {
    this.pools = Objects.requireNonNull(pools, "pools");
    this.accessLogs = Objects.requireNonNull(accessLogs, "accessLogs");
  }

  /** Sets up an admitted connection of {@code listener}, a listener of {@code binding}. */
  public void initChannel(Channel ch, TcpListenerConfig listener, BoundConfig binding) {
    ch.config().setAutoRead(false);
    ch.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
    ch.pipeline()
        .addLast(
            "idle",
            new IdleStateHandler(0, 0, listener.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
    if (listener.accessLog() != null) {
      ch.pipeline()
          .addLast("access-log", new TcpAccessLogHandler(listener.accessLog(), accessLogs));
    }
    ch.pipeline().addLast("tcp-proxy", new TcpProxyHandler(listener, binding, pools));
  }

  /** The pipeline of the upstream connection that relays to {@code downstream}. */
  static ChannelInitializer<Channel> upstream(
      Channel downstream, BoundCluster bound, BoundEndpoint endpoint) {
    ClientTls tls = bound.config().tls();
    Duration handshakeTimeout = bound.config().connectTimeout();
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel ch) {
        ch.config().setAutoRead(false);
        ch.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        if (tls != null) {
          ch.pipeline()
              .addLast(
                  "tls",
                  tls.newHandler(ch.alloc(), endpoint.host(), endpoint.port(), handshakeTimeout));
        }
        ch.pipeline().addLast("tcp-relay", new TcpRelayHandler(downstream));
      }
    };
  }
}
