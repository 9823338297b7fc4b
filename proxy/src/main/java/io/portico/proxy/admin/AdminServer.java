package io.portico.proxy.admin;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.portico.proxy.bind.ActiveConfig;
import io.portico.proxy.config.BindAddress;
import io.portico.proxy.listener.ListenerStats;
import io.portico.proxy.transport.Transport;
import io.portico.proxy.upstream.UpstreamStats;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin socket. It can move: a config naming another admin address gets a new socket bound
 * first ({@link #bind}), and the old one closed once the config is applied ({@link #swap}).
 */
public final class AdminServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AdminServer.class);

  private final Transport transport;
  private final ActiveConfig active;
  private final UpstreamStats stats;
  private final ListenerStats listenerStats;
  private final boolean readinessOnly;
  private BindAddress address;
  private Channel channel;

  public AdminServer(
      Transport transport, ActiveConfig active, UpstreamStats stats, ListenerStats listenerStats) {
    this(transport, active, stats, listenerStats, false);
  }

  private AdminServer(
      Transport transport,
      ActiveConfig active,
      UpstreamStats stats,
      ListenerStats listenerStats,
      boolean readinessOnly) {
    this.transport = transport;
    this.active = active;
    this.stats = stats;
    this.listenerStats = listenerStats;
    this.readinessOnly = readinessOnly;
  }

  /**
   * A server that answers {@code GET /ready} and 404 to anything else: what the dataplane's own
   * address exposes of the admin API (spec/core.md §2.5), where a kubelet's probes arrive.
   */
  public static AdminServer readinessOnly(
      Transport transport, ActiveConfig active, UpstreamStats stats, ListenerStats listenerStats) {
    return new AdminServer(transport, active, stats, listenerStats, true);
  }

  /** A bound socket not yet in use. */
  public record Binding(BindAddress address, Channel channel) {
    public Binding {
      Objects.requireNonNull(address, "address");
      Objects.requireNonNull(channel, "channel");
    }
  }

  /** Where the admin server listens now. */
  public Optional<BindAddress> address() {
    return Optional.ofNullable(address);
  }

  public Optional<InetSocketAddress> localAddress() {
    return channel == null
        ? Optional.empty()
        : Optional.of((InetSocketAddress) channel.localAddress());
  }

  /**
   * Binds a socket for {@code address}.
   *
   * @throws IllegalStateException naming the address and the cause when it cannot be bound
   */
  public Binding bind(BindAddress address) {
    ChannelFuture future =
        new ServerBootstrap()
            .group(transport.group())
            .channel(transport.serverChannelClass())
            .option(ChannelOption.SO_REUSEADDR, true)
            .childHandler(new AdminInitializer(active, stats, listenerStats, readinessOnly))
            .bind(new InetSocketAddress(address.host(), address.port()))
            .awaitUninterruptibly();
    if (!future.isSuccess()) {
      throw new IllegalStateException(
          "cannot bind " + address + ": " + future.cause().getMessage(), future.cause());
    }
    log.atInfo()
        .addKeyValue("address", future.channel().localAddress())
        .log(readinessOnly ? "readiness bound" : "admin bound");
    return new Binding(address, future.channel());
  }

  /** Serves on a new binding and closes the previous socket. */
  public void swap(Binding binding) {
    Channel previous = channel;
    channel = binding.channel();
    address = binding.address();
    if (previous != null) {
      previous.close().syncUninterruptibly();
    }
  }

  @Override
  public void close() {
    if (channel != null) {
      channel.close().syncUninterruptibly();
      channel = null;
    }
    address = null;
  }
}
