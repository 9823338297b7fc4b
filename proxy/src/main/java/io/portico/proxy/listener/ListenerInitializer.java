package io.portico.proxy.listener;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.portico.proxy.config.ActiveConfig;
import io.portico.proxy.config.BindAddress;
import io.portico.proxy.config.HttpListenerConfig;
import io.portico.proxy.config.ListenerConfig;
import io.portico.proxy.config.TcpListenerConfig;
import io.portico.proxy.http.HttpServerInitializer;
import io.portico.proxy.tcp.TcpProxyInitializer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sets up each connection accepted on a bound socket: enforces the connection limit (beyond it the
 * connection is closed at once, spec gateway.md §3.5), then builds the HTTP or TCP pipeline of the
 * listener that the config in force has at this address.
 *
 * <pre>
 *  accept ──▶ limit reached? ──yes──▶ close
 *                 │ no
 *                 ▼
 *   HTTP listener ──▶ HttpServerInitializer      TCP listener ──▶ TcpProxyInitializer
 * </pre>
 */
final class ListenerInitializer extends ChannelInitializer<Channel> {
  private final BindAddress bind;
  private final ActiveConfig active;
  private final HttpServerInitializer http;
  private final TcpProxyInitializer tcp;
  private final ChannelGroup connections;
  private final AtomicInteger open = new AtomicInteger();
  private volatile ListenerConfig fallback;

  ListenerInitializer(
      BindAddress bind,
      ListenerConfig initial,
      ActiveConfig active,
      HttpServerInitializer http,
      TcpProxyInitializer tcp,
      ChannelGroup connections) {
    this.bind = bind;
    this.fallback = initial;
    this.active = active;
    this.http = http;
    this.tcp = tcp;
    this.connections = connections;
  }

  /** Connections open right now. */
  int openConnections() {
    return open.get();
  }

  /** The listener to use when the config in force no longer has this address (draining). */
  void fallback(ListenerConfig listener) {
    this.fallback = listener;
  }

  @Override
  protected void initChannel(Channel ch) {
    ListenerConfig listener = active.listener(bind);
    if (listener == null) {
      listener = fallback;
    }
    int count = open.incrementAndGet();
    ch.closeFuture().addListener(f -> open.decrementAndGet());
    if (listener.connectionLimit() > 0 && count > listener.connectionLimit()) {
      ch.close();
      return;
    }
    connections.add(ch);
    if (listener instanceof HttpListenerConfig httpListener) {
      http.initChannel(ch, httpListener);
    } else {
      tcp.initChannel(ch, (TcpListenerConfig) listener);
    }
  }
}
