package io.portico.proxy.tcp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.Future;
import io.portico.proxy.accesslog.TcpAccessLogHandler;
import io.portico.proxy.bind.BoundCluster;
import io.portico.proxy.bind.BoundConfig;
import io.portico.proxy.bind.BoundEndpoint;
import io.portico.proxy.config.TcpListenerConfig;
import io.portico.proxy.upstream.UpstreamPools;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The downstream side of a TCP proxy connection: on accept, picks a cluster then an endpoint
 * (trying up to the listener's {@code maxConnectAttempts} endpoints: the Retry policy's {@code
 * tcp.maxConnectAttempts}, spec gateway.md §2.9), connects on the same event loop (with the
 * cluster's TLS, the handshake and server check counting as connecting), then relays. No cluster,
 * or no endpoint reachable: the connection is closed without data.
 */
final class TcpProxyHandler extends TcpRelayHandler {
  private static final Logger log = LoggerFactory.getLogger(TcpProxyHandler.class);

  private final TcpListenerConfig listener;
  private final BoundConfig binding;
  private final UpstreamPools pools;
  private int attempts;

  TcpProxyHandler(TcpListenerConfig listener, BoundConfig binding, UpstreamPools pools) {
    super(null);
    this.listener = listener;
    this.binding = binding;
    this.pools = pools;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    BoundCluster cluster = binding.pick(listener.clusters());
    if (cluster == null) {
      ctx.close();
      return;
    }
    connect(ctx, cluster);
  }

  private void connect(ChannelHandlerContext ctx, BoundCluster cluster) {
    BoundEndpoint endpoint = pools.pick(cluster);
    if (endpoint == null
        || attempts >= listener.maxConnectAttempts()
        || !ctx.channel().isActive()) {
      ctx.close();
      return;
    }
    attempts++;
    Channel downstream = ctx.channel();
    Future<Channel> connecting =
        pools.connect(
            downstream.eventLoop(),
            cluster,
            endpoint,
            TcpProxyInitializer.upstream(downstream, cluster, endpoint));
    connecting.addListener(
        (Future<Channel> f) -> {
          if (!f.isSuccess()) {
            log.debug(
                "tcp connect failed listener={} cluster={} endpoint={}",
                listener.name(),
                cluster.name(),
                endpoint.authority(),
                f.cause());
            connect(ctx, cluster);
            return;
          }
          Channel upstream = f.getNow();
          if (!downstream.isActive()) {
            upstream.close();
            return;
          }
          TcpAccessLogHandler.upstream(downstream, cluster.name(), endpoint.authority());
          peer(upstream);
          readMore(upstream);
          readMore(downstream);
        });
  }
}
