package io.portico.proxy.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.portico.proxy.config.ClusterConfig;
import io.portico.proxy.config.EndpointConfig;
import io.portico.proxy.transport.Transport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Every upstream pool of a runtime: one set of pools per event loop, keyed by endpoint and
 * protocol. Pools outlive configs: an endpoint that stays in the config keeps its connections.
 */
public final class UpstreamPools {
  private final Transport transport;
  private final UpstreamStats stats;
  private final Map<EventExecutor, LoopPools> byLoop;

  public UpstreamPools(Transport transport, UpstreamStats stats) {
    this.transport = transport;
    this.stats = stats;
    Map<EventExecutor, LoopPools> loops = new IdentityHashMap<>();
    for (EventExecutor loop : transport.group()) {
      loops.put(loop, new LoopPools((EventLoop) loop));
    }
    this.byLoop = loops;
  }

  public UpstreamStats stats() {
    return stats;
  }

  /**
   * Lends a connection to an endpoint of a cluster, from the pool of {@code loop}. Must be called
   * on {@code loop}; the future completes on it.
   */
  public Future<UpstreamConnection> acquire(
      EventLoop loop, ClusterConfig cluster, EndpointConfig endpoint) {
    LoopPools pools = byLoop.get(loop);
    if (pools == null) {
      throw new IllegalStateException("event loop " + loop + " does not belong to this runtime");
    }
    return pools.pool(cluster, endpoint).acquire();
  }

  /**
   * Opens a plain connection (TCP proxying) on {@code loop}, not pooled.
   *
   * @param handler the connection's initializer
   */
  public ChannelFuture connect(
      EventLoop loop, InetSocketAddress address, Duration connectTimeout, ChannelHandler handler) {
    return bootstrap(loop, connectTimeout)
        .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
        .handler(handler)
        .connect(address);
  }

  Bootstrap bootstrap(EventLoop loop, Duration connectTimeout) {
    return new Bootstrap()
        .group(loop)
        .channel(transport.socketChannelClass())
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.SO_KEEPALIVE, true)
        .option(
            ChannelOption.CONNECT_TIMEOUT_MILLIS,
            (int) Math.max(1, Math.min(Integer.MAX_VALUE, connectTimeout.toMillis())));
  }

  /** The pools of one event loop; touched only from that loop. */
  private final class LoopPools {
    private final EventLoop loop;
    private final Map<EndpointKey, EndpointPool> pools = new HashMap<>();

    LoopPools(EventLoop loop) {
      this.loop = loop;
    }

    EndpointPool pool(ClusterConfig cluster, EndpointConfig endpoint) {
      EndpointKey key = new EndpointKey(endpoint.address(), cluster.protocol());
      EndpointPool pool = pools.get(key);
      if (pool == null) {
        EndpointStats endpointStats = stats.forEndpoint(key);
        pool =
            switch (cluster.protocol()) {
              case HTTP2 -> new Http2Pool(UpstreamPools.this, loop, key, endpointStats);
              case HTTP1, TCP -> new Http1Pool(UpstreamPools.this, loop, key, endpointStats);
            };
        pools.put(key, pool);
      }
      pool.configure(cluster.connectTimeout(), cluster.idleTimeout());
      return pool;
    }
  }
}
