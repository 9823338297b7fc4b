package io.portico.proxy.admin;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.portico.proxy.bind.ActiveConfig;
import io.portico.proxy.listener.ListenerStats;
import io.portico.proxy.upstream.UpstreamStats;

/**
 * Builds the pipeline of an admin connection.
 *
 * <pre>
 *  socket ──▶ HttpServerCodec ──▶ HttpObjectAggregator (64 KiB) ──▶ AdminHandler
 * </pre>
 */
final class AdminInitializer extends ChannelInitializer<Channel> {
  private static final int MAX_REQUEST_BYTES = 64 * 1024;
  private final ActiveConfig active;
  private final UpstreamStats stats;
  private final ListenerStats listenerStats;
  private final boolean readinessOnly;

  AdminInitializer(
      ActiveConfig active,
      UpstreamStats stats,
      ListenerStats listenerStats,
      boolean readinessOnly) {
    this.active = active;
    this.stats = stats;
    this.listenerStats = listenerStats;
    this.readinessOnly = readinessOnly;
  }

  @Override
  protected void initChannel(Channel ch) {
    ch.pipeline()
        .addLast(new HttpServerCodec())
        .addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES))
        .addLast(new AdminHandler(active, stats, listenerStats, readinessOnly));
  }
}
