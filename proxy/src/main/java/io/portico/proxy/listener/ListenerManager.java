package io.portico.proxy.listener;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.portico.proxy.bind.ActiveConfig;
import io.portico.proxy.bind.BoundConfig;
import io.portico.proxy.config.BindAddress;
import io.portico.proxy.config.ListenerConfig;
import io.portico.proxy.http.HttpServerInitializer;
import io.portico.proxy.tcp.TcpProxyInitializer;
import io.portico.proxy.transport.Transport;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bound sockets of the runtime, reconciled with each new config in two steps so that a config
 * applies as a whole or not at all:
 *
 * <ol>
 *   <li>{@link #prepare}: binds the addresses the new config adds. If one fails (e.g. the port is
 *       in use), the ones just bound are closed and the errors returned: nothing changed.
 *   <li>{@link Plan#commit}, once the new config is in force: removed addresses stop accepting and
 *       their connections drain; the others keep their sockets and connections.
 * </ol>
 *
 * Called from one thread at a time (the runtime's apply).
 */
public final class ListenerManager implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ListenerManager.class);

  private final Transport transport;
  private final ActiveConfig active;
  private final HttpServerInitializer http;
  private final TcpProxyInitializer tcp;
  private final ListenerStats stats;
  private final Map<BindAddress, BoundListener> bound = new LinkedHashMap<>();

  public ListenerManager(
      Transport transport,
      ActiveConfig active,
      HttpServerInitializer http,
      TcpProxyInitializer tcp,
      ListenerStats stats) {
    this.transport = transport;
    this.active = active;
    this.http = http;
    this.tcp = tcp;
    this.stats = stats;
  }

  /**
   * Stops accepting on every listener and tells every connection to finish its work and close
   * (graceful shutdown).
   *
   * @return completes when every connection is closed
   */
  public java.util.concurrent.CompletableFuture<Void> drainAll() {
    List<java.util.concurrent.CompletableFuture<Void>> closed = new ArrayList<>();
    for (BoundListener listener : bound.values()) {
      java.util.concurrent.CompletableFuture<Void> done =
          new java.util.concurrent.CompletableFuture<>();
      listener.connectionsClosed().addListener(f -> done.complete(null));
      closed.add(done);
      listener.drain();
    }
    bound.clear();
    return java.util.concurrent.CompletableFuture.allOf(
        closed.toArray(java.util.concurrent.CompletableFuture[]::new));
  }

  /** What {@link #prepare} bound; commit it once the config is in force, or roll it back. */
  public final class Plan {
    private final BoundConfig next;
    private final Map<BindAddress, BoundListener> added;

    private Plan(BoundConfig next, Map<BindAddress, BoundListener> added) {
      this.next = next;
      this.added = added;
    }

    /** Keeps the new sockets and drains the sockets that the config no longer has. */
    public void commit() {
      bound.putAll(added);
      List<BindAddress> removed = new ArrayList<>();
      for (Map.Entry<BindAddress, BoundListener> entry : bound.entrySet()) {
        ListenerConfig listener = next.listener(entry.getKey());
        if (listener == null) {
          removed.add(entry.getKey());
        } else {
          ListenerConfig previous = entry.getValue().initializer().fallback();
          entry.getValue().initializer().fallback(next);
          if (previous != null
              && !java.util.Objects.equals(previous.authorization(), listener.authorization())) {
            entry
                .getValue()
                .reauthorize(
                    listener.name(),
                    listener.authorization(),
                    listener instanceof io.portico.proxy.config.HttpListenerConfig);
          }
        }
      }
      for (BindAddress address : removed) {
        BoundListener listener = bound.remove(address);
        log.atInfo()
            .addKeyValue("address", address)
            .addKeyValue("version", next.version())
            .log("listener removed, draining");
        listener.drain();
      }
    }

    /** Closes the sockets bound for a config that is not applied. */
    public void rollback() {
      for (BoundListener listener : added.values()) {
        listener.close();
      }
    }
  }

  /**
   * Binds every address of {@code next} that is not bound yet.
   *
   * @return the plan to commit, or the bind errors (then nothing changed)
   */
  public Result prepare(BoundConfig next) {
    Map<BindAddress, BoundListener> added = new HashMap<>();
    List<String> errors = new ArrayList<>();
    for (ListenerConfig listener : next.config().listeners()) {
      if (bound.containsKey(listener.bind())) {
        continue;
      }
      try {
        added.put(listener.bind(), bind(listener, next));
      } catch (BindFailure e) {
        errors.add(
            "listeners["
                + listener.name()
                + "]: cannot bind "
                + listener.bind()
                + ": "
                + e.getMessage());
      }
    }
    if (!errors.isEmpty()) {
      for (BoundListener listener : added.values()) {
        listener.close();
      }
      return new Result(null, errors);
    }
    return new Result(new Plan(next, added), List.of());
  }

  /** Either a plan or the errors that prevented it. */
  public record Result(Plan plan, List<String> errors) {
    public Result {
      errors = List.copyOf(errors);
    }

    public Optional<Plan> planIfBound() {
      return Optional.ofNullable(plan);
    }
  }

  private BoundListener bind(ListenerConfig listener, BoundConfig config) throws BindFailure {
    ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    ListenerInitializer initializer =
        new ListenerInitializer(listener.bind(), config, active, http, tcp, connections, stats);
    ChannelFuture future =
        new ServerBootstrap()
            .group(transport.group())
            .channel(transport.serverChannelClass())
            .option(ChannelOption.SO_BACKLOG, 1024)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.AUTO_READ, false)
            .childHandler(initializer)
            .bind(new InetSocketAddress(listener.bind().host(), listener.bind().port()))
            .awaitUninterruptibly();
    if (!future.isSuccess()) {
      Throwable cause = future.cause();
      throw new BindFailure(cause.getMessage() == null ? cause.toString() : cause.getMessage());
    }
    Channel channel = future.channel();
    BoundListener bound = new BoundListener(listener.bind(), channel, initializer, connections);
    log.atInfo()
        .addKeyValue("listener", listener.name())
        .addKeyValue("address", channel.localAddress())
        .log("listener bound");
    return bound;
  }

  /** The port a listener's socket is bound to (useful with port 0). */
  public OptionalInt boundPort(BindAddress bind) {
    BoundListener listener = bound.get(bind);
    return listener == null ? OptionalInt.empty() : OptionalInt.of(listener.port());
  }

  /** Connections open on a listener's socket right now. */
  public int openConnections(BindAddress bind) {
    BoundListener listener = bound.get(bind);
    return listener == null ? 0 : listener.openConnections();
  }

  @Override
  public void close() {
    for (BoundListener listener : bound.values()) {
      listener.close();
    }
    bound.clear();
  }

  private static final class BindFailure extends Exception {
    BindFailure(String message) {
      super(message);
    }
  }
}
