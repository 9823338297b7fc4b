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
import io.portico.proxy.bind.BoundCluster;
import io.portico.proxy.bind.BoundEndpoint;
import io.portico.proxy.config.ClusterConfig;
import io.portico.proxy.config.HealthCheckConfig;
import io.portico.proxy.config.OutlierDetectionConfig;
import io.portico.proxy.tls.ClientTls;
import io.portico.proxy.transport.Transport;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
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
  private final Map<String, ClusterTimers> timers = new HashMap<>();

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
   * The endpoint for the next try of a request of {@code cluster}: its load balancing, skipping
   * endpoints that health checks or outlier detection took out ({@link UpstreamCluster#pick});
   * {@code null} when there is none.
   */
  public BoundEndpoint pick(BoundCluster cluster) {
    return stats.cluster(cluster).pick(cluster);
  }

  /** The runtime state (limits, endpoint health) of a cluster. */
  public UpstreamCluster cluster(BoundCluster cluster) {
    return stats.cluster(cluster);
  }

  /**
   * Lends a connection to an endpoint of a cluster, from the pool of {@code loop}, for one try of
   * one request. Must be called on {@code loop}; the future completes on it. Fails with {@link
   * UpstreamOverflowException} when a circuit-breaker limit of the cluster is reached. The try's
   * outcome (status, connect failure, close before the response) feeds the cluster's outlier
   * detection.
   */
  public Future<UpstreamConnection> acquire(
      EventLoop loop, BoundCluster cluster, BoundEndpoint endpoint) {
    LoopPools pools = byLoop.get(loop);
    if (pools == null) {
      throw new IllegalStateException("event loop " + loop + " does not belong to this runtime");
    }
    UpstreamCluster state = stats.cluster(cluster);
    if (!state.tryStartRequest()) {
      return loop.newFailedFuture(UpstreamOverflowException.MAX_REQUESTS);
    }
    EndpointHealth health = state.health(endpoint.address());
    Future<UpstreamConnection> acquired = pools.pool(cluster.config(), endpoint).acquire(state);
    if (acquired.isDone()) {
      if (acquired.isSuccess()) {
        return loop.newSucceededFuture(new GuardedConnection(acquired.getNow(), state, health));
      }
      acquireFailed(loop, acquired.cause(), state, endpoint, health);
      return acquired;
    }
    Promise<UpstreamConnection> promise = loop.newPromise();
    acquired.addListener(
        (Future<UpstreamConnection> f) -> {
          if (f.isSuccess()) {
            GuardedConnection connection = new GuardedConnection(f.getNow(), state, health);
            if (!promise.trySuccess(connection)) {
              connection.release(false);
            }
            return;
          }
          acquireFailed(loop, f.cause(), state, endpoint, health);
          promise.tryFailure(f.cause());
        });
    return promise;
  }

  private void acquireFailed(
      EventLoop loop,
      Throwable cause,
      UpstreamCluster state,
      BoundEndpoint endpoint,
      EndpointHealth health) {
    state.requestFinished();
    if (!(cause instanceof UpstreamOverflowException)) {
      state.onLocalFailure(health);
      if (isConnectFailure(cause)) {
        unreachable(loop, state, endpoint, health);
      }
    }
  }

  /**
   * Whether a failed connect means nothing accepts connections at the address (refused, reset,
   * timed out, no route), as opposed to a TLS handshake or server verification that failed.
   */
  static boolean isConnectFailure(Throwable cause) {
    return cause instanceof ConnectException || cause instanceof NoRouteToHostException;
  }

  /**
   * A connect to {@code endpoint} failed: it leaves the cluster's load balancing at once for every
   * event loop ({@link UpstreamCluster#markUnreachable}), the pools of every event loop drop their
   * connections to its address, and a {@link ReconnectProbe} brings it back when it accepts
   * connections again. Only the first failure does this; the next ones find it out already.
   */
  private void unreachable(
      EventLoop loop, UpstreamCluster state, BoundEndpoint endpoint, EndpointHealth health) {
    if (!state.markUnreachable(endpoint.address(), health)) {
      return;
    }
    for (LoopPools pools : byLoop.values()) {
      if (pools.loop.inEventLoop()) {
        pools.dropConnections(endpoint.address());
      } else if (!pools.loop.isShuttingDown()) {
        pools.loop.execute(() -> pools.dropConnections(endpoint.address()));
      }
    }
    new ReconnectProbe(this, loop, state, endpoint, health).start();
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
      EventLoop loop, BoundCluster cluster, BoundEndpoint endpoint, ChannelHandler initializer) {
    UpstreamCluster state = stats.cluster(cluster);
    if (!state.tryOpenConnection()) {
      return loop.newFailedFuture(UpstreamOverflowException.MAX_CONNECTIONS);
    }
    EndpointHealth health = state.health(endpoint.address());
    Future<Channel> connected =
        open(
            bootstrap(loop, cluster.config().connectTimeout())
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true),
            loop,
            cluster.config().tls(),
            endpoint,
            initializer);
    connected.addListener(
        (Future<Channel> f) -> {
          if (f.isSuccess()) {
            f.getNow().closeFuture().addListener(c -> state.connectionClosed());
          } else {
            state.connectionClosed();
            state.onLocalFailure(health);
            if (isConnectFailure(f.cause())) {
              unreachable(loop, state, endpoint, health);
            }
          }
        });
    return connected;
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
      BoundEndpoint endpoint,
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
   * Takes the clusters of a config about to be in force, as bound: their states are configured
   * (endpoint health kept by endpoint address), health checks start for new endpoints and stop for
   * removed ones (and for removed clusters), outlier-detection sweeps follow the clusters'
   * intervals. Called by the thread applying configs, one call at a time.
   */
  public synchronized void update(Collection<BoundCluster> clusters) {
    Collection<UpstreamCluster> states = stats.retain(clusters);
    Map<String, ClusterTimers> next = new HashMap<>();
    for (UpstreamCluster state : states) {
      ClusterTimers timers = this.timers.remove(state.name());
      if (timers == null) {
        timers = new ClusterTimers(state, (EventLoop) transport.group().next());
      }
      timers.update();
      next.put(state.name(), timers);
    }
    for (ClusterTimers removed : this.timers.values()) {
      removed.stop();
    }
    this.timers.clear();
    this.timers.putAll(next);
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

  /**
   * The timers of one cluster: a {@link HealthChecker} per endpoint (spread over the event loops)
   * and the outlier-detection sweep. Touched only by {@link #update}.
   */
  private final class ClusterTimers {
    private final UpstreamCluster cluster;
    private final EventLoop sweepLoop;
    private final Map<InetSocketAddress, HealthChecker> checkers = new HashMap<>();
    private io.netty.util.concurrent.ScheduledFuture<?> sweep;
    private Duration sweepInterval;

    ClusterTimers(UpstreamCluster cluster, EventLoop sweepLoop) {
      this.cluster = cluster;
      this.sweepLoop = sweepLoop;
    }

    void update() {
      ClusterConfig config = cluster.config();
      HealthCheckConfig check = config.healthCheck();
      Map<InetSocketAddress, BoundEndpoint> wanted = new HashMap<>();
      if (check != null) {
        for (BoundEndpoint endpoint : cluster.bound().endpoints()) {
          wanted.putIfAbsent(endpoint.address(), endpoint);
        }
      }
      checkers
          .entrySet()
          .removeIf(
              e -> {
                if (wanted.containsKey(e.getKey())) {
                  return false;
                }
                e.getValue().stop();
                return true;
              });
      for (Map.Entry<InetSocketAddress, BoundEndpoint> e : wanted.entrySet()) {
        if (!checkers.containsKey(e.getKey())) {
          HealthChecker checker =
              new HealthChecker(
                  UpstreamPools.this,
                  (EventLoop) transport.group().next(),
                  cluster,
                  e.getValue(),
                  cluster.health(e.getKey()));
          checkers.put(e.getKey(), checker);
          checker.start(check);
        }
      }
      OutlierDetectionConfig detection = config.outlierDetection();
      Duration interval = detection == null ? null : detection.interval();
      if (!java.util.Objects.equals(interval, sweepInterval)) {
        if (sweep != null) {
          sweep.cancel(false);
          sweep = null;
        }
        sweepInterval = interval;
        if (interval != null) {
          sweep =
              sweepLoop.scheduleAtFixedRate(
                  cluster::sweep,
                  interval.toNanos(),
                  interval.toNanos(),
                  java.util.concurrent.TimeUnit.NANOSECONDS);
        }
      }
    }

    void stop() {
      checkers.values().forEach(HealthChecker::stop);
      checkers.clear();
      if (sweep != null) {
        sweep.cancel(false);
        sweep = null;
      }
    }
  }

  /** The pools of one event loop; touched only from that loop. */
  private final class LoopPools {
    private final EventLoop loop;
    private final Map<PoolKey, EndpointPool> pools = new HashMap<>();

    LoopPools(EventLoop loop) {
      this.loop = loop;
    }

    /** Every pool to {@code address} (whatever the protocol and TLS) drops its connections. */
    void dropConnections(InetSocketAddress address) {
      List<EndpointPool> dropped = new ArrayList<>();
      for (Map.Entry<PoolKey, EndpointPool> e : pools.entrySet()) {
        if (e.getKey().endpoint().address().equals(address)) {
          dropped.add(e.getValue());
        }
      }
      // Closing connections may empty a pool, which then leaves the map: not while iterating it.
      dropped.forEach(EndpointPool::dropConnections);
    }

    EndpointPool pool(ClusterConfig cluster, BoundEndpoint endpoint) {
      // The pool's connections count against the limits of the cluster that opens them.
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
