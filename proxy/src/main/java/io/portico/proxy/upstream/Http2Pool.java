package io.portico.proxy.upstream;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.portico.proxy.bind.BoundEndpoint;
import io.portico.proxy.config.UpstreamProtocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One HTTP/2 connection (prior knowledge, in TLS or not) to one endpoint from one event loop; each
 * request is a stream on it. A connection that closes (or is refused) is replaced on the next
 * request. When its connection is gone the pool tells its owner, which forgets it.
 */
final class Http2Pool implements EndpointPool {
  private final UpstreamPools pools;
  private final EventLoop loop;
  private final BoundEndpoint endpoint;
  private final PoolKey key;
  private final EndpointStats stats;
  private final Consumer<EndpointPool> onEmpty;
  private Duration connectTimeout = Duration.ofSeconds(5);
  private Duration idleTimeout = Duration.ofMinutes(1);
  private Channel connection;
  private List<Promise<UpstreamConnection>> waiting;

  Http2Pool(
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
    Promise<UpstreamConnection> promise = loop.newPromise();
    if (connection != null && connection.isActive()) {
      openStream(connection, true, promise);
      return promise;
    }
    if (!cluster.tryStartPending()) {
      return loop.newFailedFuture(UpstreamOverflowException.MAX_PENDING_REQUESTS);
    }
    promise.addListener(f -> cluster.pendingFinished());
    if (waiting != null) {
      waiting.add(promise);
      return promise;
    }
    if (!cluster.tryOpenConnection()) {
      promise.tryFailure(UpstreamOverflowException.MAX_CONNECTIONS);
      return promise;
    }
    waiting = new ArrayList<>();
    waiting.add(promise);
    pools
        .open(
            pools.bootstrap(loop, connectTimeout),
            loop,
            key.tls(),
            endpoint,
            new UpstreamInitializer(
                UpstreamProtocol.HTTP2, idleTimeout, key.tls(), endpoint, connectTimeout))
        .addListener(
            (Future<Channel> f) -> {
              List<Promise<UpstreamConnection>> promises = waiting;
              waiting = null;
              if (!f.isSuccess()) {
                cluster.connectionClosed();
                stats.connectFailed();
                for (Promise<UpstreamConnection> p : promises) {
                  p.tryFailure(f.cause());
                }
                onEmpty.accept(this);
                return;
              }
              Channel connected = f.getNow();
              stats.connected();
              connection = connected;
              connected
                  .closeFuture()
                  .addListener(
                      c -> {
                        cluster.connectionClosed();
                        stats.disconnected();
                        if (connection == connected) {
                          connection = null;
                        }
                        if (connection == null && waiting == null) {
                          onEmpty.accept(this);
                        }
                      });
              boolean isFirst = true;
              for (Promise<UpstreamConnection> p : promises) {
                openStream(connected, !isFirst, p);
                isFirst = false;
              }
            });
    return promise;
  }

  @Override
  public void dropConnections() {
    Channel current = connection;
    if (current != null) {
      // The next request opens a new connection; this one sends GOAWAY and closes when its open
      // streams ended (Netty's graceful shutdown).
      connection = null;
      current.close();
    }
  }

  private void openStream(Channel parent, boolean isReused, Promise<UpstreamConnection> promise) {
    new Http2StreamChannelBootstrap(parent)
        .handler(new UpstreamInitializer.StreamInitializer())
        .open()
        .addListener(
            (Future<Http2StreamChannel> f) -> {
              if (f.isSuccess()) {
                if (!promise.trySuccess(new Stream(f.getNow(), isReused))) {
                  f.getNow().close();
                }
              } else {
                promise.tryFailure(f.cause());
              }
            });
  }

  private final class Stream implements UpstreamConnection {
    private final Http2StreamChannel channel;
    private final boolean isReused;
    private boolean isReleased;

    Stream(Http2StreamChannel channel, boolean isReused) {
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
      if (isReleased) {
        return;
      }
      isReleased = true;
      UpstreamHandler handler = channel.pipeline().get(UpstreamHandler.class);
      if (handler != null) {
        handler.detach();
      }
      if (channel.isActive()) {
        channel.close();
      }
    }
  }
}
