package io.portico.proxy.upstream;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import io.portico.proxy.bind.BoundEndpoint;
import io.portico.proxy.config.ClusterConfig;
import io.portico.proxy.config.Header;
import io.portico.proxy.config.HealthCheckConfig;
import io.portico.proxy.tls.ClientTls;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Active health checking of one endpoint of one cluster, on one event loop (a timer, no thread):
 * every {@code interval} (plus jitter) a TCP connect, or an HTTP/1.1 {@code GET http_path} on a
 * fresh connection (through the cluster's TLS when it has one) whose status must be expected;
 * nothing within {@code timeout} is a failure. Reads the cluster's current config at each check, so
 * a config swap changes the settings without losing the endpoint's state.
 */
final class HealthChecker {
  private final UpstreamPools pools;
  private final EventLoop loop;
  private final UpstreamCluster cluster;
  private final BoundEndpoint endpoint;
  private final EndpointHealth health;
  private volatile boolean isStopped;
  private ScheduledFuture<?> next;

  HealthChecker(
      UpstreamPools pools,
      EventLoop loop,
      UpstreamCluster cluster,
      BoundEndpoint endpoint,
      EndpointHealth health) {
    this.pools = pools;
    this.loop = loop;
    this.cluster = cluster;
    this.endpoint = endpoint;
    this.health = health;
  }

  void start(HealthCheckConfig check) {
    loop.execute(() -> schedule(jitter(check.initialJitter())));
  }

  /** Stops checking; a check in flight finishes without effect. Any thread. */
  void stop() {
    isStopped = true;
    loop.execute(
        () -> {
          if (next != null) {
            next.cancel(false);
            next = null;
          }
        });
  }

  private void schedule(long delayNanos) {
    if (!isStopped) {
      next = loop.schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
    }
  }

  private void check() {
    next = null;
    ClusterConfig config = cluster.config();
    HealthCheckConfig check = config.healthCheck();
    if (isStopped || check == null) {
      return;
    }
    ClientTls tls = config.tls();
    Duration timeout = check.timeout();
    Probe probe = new Probe(check);
    ChannelInitializer<Channel> initializer =
        new ChannelInitializer<>() {
          @Override
          protected void initChannel(Channel ch) {
            if (tls != null) {
              ch.pipeline()
                  .addLast(tls.newHandler(ch.alloc(), endpoint.host(), endpoint.port(), timeout));
            }
            if (check.isHttp()) {
              ch.pipeline().addLast(new HttpClientCodec()).addLast(probe);
            }
          }
        };
    probe.timer = loop.schedule(() -> probe.done(false), timeout.toNanos(), TimeUnit.NANOSECONDS);
    pools
        .open(pools.bootstrap(loop, timeout), loop, tls, endpoint, initializer)
        .addListener(
            (Future<Channel> f) -> {
              if (!f.isSuccess()) {
                probe.done(false);
                return;
              }
              probe.channel = f.getNow();
              if (probe.isDone) {
                probe.channel.close();
              } else if (!check.isHttp()) {
                probe.done(true);
              } else {
                probe.channel.writeAndFlush(request(config, check));
                probe.channel.read();
              }
            });
  }

  private FullHttpRequest request(ClusterConfig config, HealthCheckConfig check) {
    FullHttpRequest request =
        new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, check.httpPath());
    request
        .headers()
        .set(HttpHeaderNames.HOST, config.service().isEmpty() ? config.name() : config.service());
    request.headers().set(HttpHeaderNames.USER_AGENT, "portico-health-check");
    request.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    request.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
    for (Header header : check.requestHeaders()) {
      request.headers().set(header.name(), header.value());
    }
    return request;
  }

  private long jitter(Duration max) {
    return max.isZero() ? 0 : ThreadLocalRandom.current().nextLong(max.toNanos() + 1);
  }

  private long nextDelay(HealthCheckConfig check) {
    long interval = check.interval().toNanos();
    long delay = interval + jitter(check.intervalJitter());
    if (check.intervalJitterPercent() > 0) {
      delay +=
          ThreadLocalRandom.current().nextLong(interval * check.intervalJitterPercent() / 100 + 1);
    }
    return delay;
  }

  /** One check in flight: its connection, its timeout and its (single) outcome. */
  private final class Probe extends ChannelInboundHandlerAdapter {
    private final HealthCheckConfig check;
    private Channel channel;
    private ScheduledFuture<?> timer;
    private boolean isDone;

    Probe(HealthCheckConfig check) {
      this.check = check;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        if (msg instanceof HttpResponse response && response.status().code() >= 200) {
          done(check.isExpected(response.status().code()));
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      if (!isDone) {
        ctx.read();
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      done(false);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      done(false);
    }

    void done(boolean passed) {
      if (isDone) {
        return;
      }
      isDone = true;
      if (timer != null) {
        timer.cancel(false);
      }
      if (channel != null) {
        channel.close();
      }
      if (!isStopped) {
        cluster.onCheckResult(health, passed, check);
        schedule(nextDelay(check));
      }
    }
  }
}
