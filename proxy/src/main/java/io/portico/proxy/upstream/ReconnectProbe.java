package io.portico.proxy.upstream;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.portico.proxy.bind.BoundEndpoint;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings an unreachable endpoint of a cluster back into load balancing: every {@link #INTERVAL} a
 * plain TCP connect to its address (no TLS, no request: the question is only whether something
 * accepts connections there again), on one event loop (a timer, no thread). The first connect that
 * succeeds makes the endpoint available again; a failed one waits for the next interval.
 *
 * <p>The probe ends by itself when its endpoint leaves the cluster or the cluster leaves the
 * runtime, and when its endpoint was made available by something else.
 *
 * <pre>
 *  connect failure ──▶ markUnreachable ──▶ [wait INTERVAL] ──▶ TCP connect ──ok──▶ markReachable
 *                       (first caller only)     ▲                   │ failed
 *                                               └───────────────────┘
 * </pre>
 */
final class ReconnectProbe {
  private static final Logger log = LoggerFactory.getLogger(ReconnectProbe.class);

  /**
   * Time between two probes. Short enough that a restarted instance gets traffic within a second,
   * cheap enough (one refused connect) to run for as long as the endpoint stays in the config.
   */
  static final Duration INTERVAL = Duration.ofMillis(500);

  private final UpstreamPools pools;
  private final EventLoop loop;
  private final UpstreamCluster cluster;
  private final BoundEndpoint endpoint;
  private final EndpointHealth health;

  ReconnectProbe(
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

  /** Schedules the first probe. Any thread. */
  void start() {
    log.debug(
        "endpoint unreachable, out of load balancing cluster={} endpoint={}",
        cluster.name(),
        endpoint.authority());
    schedule();
  }

  private void schedule() {
    if (!loop.isShuttingDown()) {
      loop.schedule(this::probe, INTERVAL.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  /** Whether the endpoint is still one of the cluster in force, and still out. */
  private boolean isWanted() {
    return pools.stats().clusterOrNull(cluster.name()) == cluster
        && cluster.health(endpoint.address()) == health
        && health.isUnreachable();
  }

  private void probe() {
    if (!isWanted()) {
      cluster.markReachable(health);
      return;
    }
    pools
        .bootstrap(loop, cluster.config().connectTimeout())
        .handler(new ChannelInboundHandlerAdapter())
        .connect(endpoint.address())
        .addListener(
            (ChannelFuture f) -> {
              if (f.isSuccess()) {
                f.channel().close();
                log.debug(
                    "endpoint reachable again cluster={} endpoint={}",
                    cluster.name(),
                    endpoint.authority());
                cluster.markReachable(health);
              } else {
                schedule();
              }
            });
  }
}
