package io.portico.proxy.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.portico.proxy.config.ClusterConfig;
import io.portico.proxy.config.EndpointConfig;
import io.portico.proxy.tls.ClientTls;
import io.portico.proxy.transport.Transport;
import java.time.Duration;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Every upstream pool of a runtime: one set of pools per event loop, keyed by endpoint, protocol
 * and upstream TLS ({@link PoolKey}). Pools outlive configs: an endpoint that stays in the config
 * with the same TLS keeps its connections. A pool left without connections is dropped (a new one is
 * made on the next request), so pools of a rotated identity go away once their connections closed.
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
   * Opens a connection (TCP proxying) to an endpoint of a cluster on {@code loop}, not pooled; with
   * half-closure allowed.
   *
   * @param initializer the connection's initializer; for a TLS cluster it puts {@link
   *     ClientTls#newHandler} first
   * @return completes when connected (and, for a TLS cluster, the handshake done and the server
   *     verified)
   */
  public Future<Channel> connect(
      EventLoop loop, ClusterConfig cluster, EndpointConfig endpoint, ChannelHandler initializer) {
    return open(
        bootstrap(loop, cluster.connectTimeout()).option(ChannelOption.ALLOW_HALF_CLOSURE, true),
        loop,
        cluster.tls(),
        endpoint,
        initializer);
  }

  /**
   * Connects, then for a TLS cluster completes the handshake and verifies the server's URI SANs
   * ({@link ClientTls#verify}). A failure of any step is a connect failure: the connection is
   * closed and the future fails.
   */
  Future<Channel> open(
      Bootstrap bootstrap,
      EventLoop loop,
      ClientTls tls,
      EndpointConfig endpoint,
      ChannelHandler initializer) {
    Promise<Channel> promise = loop.newPromise();
    bootstrap
        .handler(initializer)
        .connect(endpoint.address())
        .addListener(
            (ChannelFutureListener)
                f -> {
                  if (!f.isSuccess()) {
                    promise.tryFailure(f.cause());
                    return;
                  }
                  Channel channel = f.channel();
                  SslHandler ssl = tls == null ? null : channel.pipeline().get(SslHandler.class);
                  if (ssl == null) {
                    promise.trySuccess(channel);
                    return;
                  }
                  ssl.handshakeFuture()
                      .addListener(
                          h -> {
                            if (!h.isSuccess()) {
                              channel.close();
                              promise.tryFailure(h.cause());
                              return;
                            }
                            try {
                              tls.verify(ssl.engine().getSession());
                              promise.trySuccess(channel);
                            } catch (SSLPeerUnverifiedException e) {
                              channel.close();
                              promise.tryFailure(e);
                            }
                          });
                  // The handshake needs reads; the connection does not read on its own.
                  channel.read();
                });
    return promise;
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

  /**
   * How many pools exist right now, over every event loop (tests: the pools of a rotated identity
   * go away). Blocks until each loop answered; never call it from an event loop.
   */
  public int poolCount() {
    int count = 0;
    for (LoopPools pools : byLoop.values()) {
      count += pools.loop.submit(() -> pools.pools.size()).syncUninterruptibly().getNow();
    }
    return count;
  }

  /** The pools of one event loop; touched only from that loop. */
  private final class LoopPools {
    private final EventLoop loop;
    private final Map<PoolKey, EndpointPool> pools = new HashMap<>();

    LoopPools(EventLoop loop) {
      this.loop = loop;
    }

    EndpointPool pool(ClusterConfig cluster, EndpointConfig endpoint) {
      EndpointKey endpointKey = new EndpointKey(endpoint.address(), cluster.protocol());
      PoolKey key = new PoolKey(endpointKey, cluster.tls());
      EndpointPool pool = pools.get(key);
      if (pool == null) {
        EndpointStats endpointStats = stats.forEndpoint(endpointKey);
        java.util.function.Consumer<EndpointPool> onEmpty = empty -> pools.remove(key, empty);
        pool =
            switch (cluster.protocol()) {
              case HTTP2 ->
                  new Http2Pool(UpstreamPools.this, loop, endpoint, key, endpointStats, onEmpty);
              case HTTP1, TCP ->
                  new Http1Pool(UpstreamPools.this, loop, endpoint, key, endpointStats, onEmpty);
            };
        pools.put(key, pool);
      }
      pool.configure(cluster.connectTimeout(), cluster.idleTimeout());
      return pool;
    }
  }
}
