package io.portico.proxy.tcp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.timeout.IdleStateHandler;
import io.portico.proxy.accesslog.AccessLogSinks;
import io.portico.proxy.accesslog.TcpAccessLogHandler;
import io.portico.proxy.config.ClusterConfig;
import io.portico.proxy.config.EndpointConfig;
import io.portico.proxy.config.TcpListenerConfig;
import io.portico.proxy.upstream.UpstreamPools;
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

  public void initChannel(Channel ch, TcpListenerConfig listener) {
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
    ch.pipeline().addLast("tcp-proxy", new TcpProxyHandler(listener, pools));
  }

  /** The pipeline of the upstream connection that relays to {@code downstream}. */
  static ChannelInitializer<Channel> upstream(
      Channel downstream, ClusterConfig cluster, EndpointConfig endpoint) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel ch) {
        ch.config().setAutoRead(false);
        ch.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        if (cluster.tls() != null) {
          ch.pipeline()
              .addLast(
                  "tls",
                  cluster
                      .tls()
                      .newHandler(
                          ch.alloc(), endpoint.host(), endpoint.port(), cluster.connectTimeout()));
        }
        ch.pipeline().addLast("tcp-relay", new TcpRelayHandler(downstream));
      }
    };
  }
}
