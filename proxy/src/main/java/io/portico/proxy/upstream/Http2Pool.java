package io.portico.proxy.upstream;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.portico.proxy.config.UpstreamProtocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One HTTP/2 (h2c, prior knowledge) connection to one endpoint from one event loop; each request is
 * a stream on it. A connection that closes (or is refused) is replaced on the next request.
 */
final class Http2Pool implements EndpointPool {
  private final UpstreamPools pools;
  private final EventLoop loop;
  private final EndpointKey key;
  private final EndpointStats stats;
  private Duration connectTimeout = Duration.ofSeconds(5);
  private Duration idleTimeout = Duration.ofMinutes(1);
  private Channel connection;
  private List<Promise<UpstreamConnection>> waiting;

  Http2Pool(UpstreamPools pools, EventLoop loop, EndpointKey key, EndpointStats stats) {
    this.pools = pools;
    this.loop = loop;
    this.key = key;
    this.stats = stats;
  }

  @Override
  public void configure(Duration connectTimeout, Duration idleTimeout) {
    this.connectTimeout = connectTimeout;
    this.idleTimeout = idleTimeout;
  }

  @Override
  public Future<UpstreamConnection> acquire() {
    Promise<UpstreamConnection> promise = loop.newPromise();
    if (connection != null && connection.isActive()) {
      openStream(connection, true, promise);
      return promise;
    }
    if (waiting != null) {
      waiting.add(promise);
      return promise;
    }
    waiting = new ArrayList<>();
    waiting.add(promise);
    pools
        .bootstrap(loop, connectTimeout)
        .handler(new UpstreamInitializer(UpstreamProtocol.HTTP2, idleTimeout))
        .connect(key.address())
        .addListener(
            (ChannelFutureListener)
                f -> {
                  List<Promise<UpstreamConnection>> promises = waiting;
                  waiting = null;
                  if (!f.isSuccess()) {
                    stats.connectFailed();
                    for (Promise<UpstreamConnection> p : promises) {
                      p.tryFailure(f.cause());
                    }
                    return;
                  }
                  Channel connected = f.channel();
                  stats.connected();
                  connection = connected;
                  connected
                      .closeFuture()
                      .addListener(
                          c -> {
                            stats.disconnected();
                            if (connection == connected) {
                              connection = null;
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
