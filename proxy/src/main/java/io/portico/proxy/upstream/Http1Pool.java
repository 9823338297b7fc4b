package io.portico.proxy.upstream;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.portico.proxy.bind.BoundEndpoint;
import io.portico.proxy.config.UpstreamProtocol;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * HTTP/1.1 keep-alive connections to one endpoint from one event loop: an idle connection is reused
 * (most recently used first), else a new one is made. An idle connection reads, so that a close by
 * the server is noticed and the connection dropped from the pool. When its last connection is gone
 * the pool tells its owner, which forgets it.
 */
final class Http1Pool implements EndpointPool {
  private final UpstreamPools pools;
  private final EventLoop loop;
  private final BoundEndpoint endpoint;
  private final PoolKey key;
  private final EndpointStats stats;
  private final Consumer<EndpointPool> onEmpty;
  private final ArrayDeque<Channel> idle = new ArrayDeque<>();
  private Duration connectTimeout = Duration.ofSeconds(5);
  private Duration idleTimeout = Duration.ofMinutes(1);
  private int connections;

  /** Bumped by {@link #dropConnections}: connections lent before are not pooled again. */
  private int generation;

  Http1Pool(
      UpstreamPools pools,
      EventLoop loop,
      BoundEndpoint endpoint,
      PoolKey key,
      EndpointStats stats,
      Consumer<EndpointPool> onEmpty) {
    this.pools = pools;
    this.loop = loop;
    this.endpoint = endpoint;
    this.key = key;
    this.stats = stats;
    this.onEmpty = onEmpty;
  }

  @Override
  public void configure(Duration connectTimeout, Duration idleTimeout) {
    this.connectTimeout = connectTimeout;
    this.idleTimeout = idleTimeout;
  }

  @Override
  public Future<UpstreamConnection> acquire(UpstreamCluster cluster) {
    Channel channel;
    while ((channel = idle.pollFirst()) != null) {
      if (channel.isActive()) {
        return loop.newSucceededFuture(new Connection(channel, true));
      }
    }
    if (!cluster.tryOpenConnection()) {
      return loop.newFailedFuture(UpstreamOverflowException.MAX_CONNECTIONS);
    }
    if (!cluster.tryStartPending()) {
      cluster.connectionClosed();
      return loop.newFailedFuture(UpstreamOverflowException.MAX_PENDING_REQUESTS);
    }
    Promise<UpstreamConnection> promise = loop.newPromise();
    connections++;
    pools
        .open(
            pools.bootstrap(loop, connectTimeout),
            loop,
            key.tls(),
            endpoint,
            new UpstreamInitializer(
                UpstreamProtocol.HTTP1, idleTimeout, key.tls(), endpoint, connectTimeout))
        .addListener(
            (Future<Channel> f) -> {
              cluster.pendingFinished();
              if (!f.isSuccess()) {
                cluster.connectionClosed();
                stats.connectFailed();
                promise.tryFailure(f.cause());
                closed();
                return;
              }
              Channel connected = f.getNow();
              stats.connected();
              connected
                  .closeFuture()
                  .addListener(
                      c -> {
                        cluster.connectionClosed();
                        stats.disconnected();
                        idle.remove(connected);
                        closed();
                      });
              if (!promise.trySuccess(new Connection(connected, false))) {
                connected.close();
              }
            });
    return promise;
  }

  @Override
  public void dropConnections() {
    generation++;
    Channel channel;
    while ((channel = idle.pollFirst()) != null) {
      channel.close();
    }
  }

  private void closed() {
    if (--connections == 0) {
      onEmpty.accept(this);
    }
  }

  private void release(Channel channel, boolean reusable) {
    UpstreamHandler handler = channel.pipeline().get(UpstreamHandler.class);
    if (handler != null) {
      handler.detach();
    }
    if (reusable && channel.isActive() && handler != null) {
      idle.addFirst(channel);
      channel.read();
    } else {
      channel.close();
    }
  }

  private final class Connection implements UpstreamConnection {
    private final Channel channel;
    private final boolean isReused;
    private final int lentInGeneration = generation;
    private boolean isReleased;

    Connection(Channel channel, boolean isReused) {
      this.channel = channel;
      this.isReused = isReused;
    }

    @Override
    public Channel channel() {
      return channel;
    }

    @Override
    public EndpointStats stats() {
      return stats;
    }

    @Override
    public boolean isReused() {
      return isReused;
    }

    @Override
    public void attach(UpstreamListener listener) {
      UpstreamHandler handler = channel.pipeline().get(UpstreamHandler.class);
      if (handler != null) {
        handler.attach(listener);
      }
    }

    @Override
    public void release(boolean reusable) {
      if (!isReleased) {
        isReleased = true;
        Http1Pool.this.release(channel, reusable && lentInGeneration == generation);
      }
    }
  }
}
