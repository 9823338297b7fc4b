package io.portico.proxy.listener;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.ssl.SslHandler;
import io.portico.proxy.bind.ActiveConfig;
import io.portico.proxy.bind.BoundConfig;
import io.portico.proxy.config.BindAddress;
import io.portico.proxy.config.HttpListenerConfig;
import io.portico.proxy.config.ListenerConfig;
import io.portico.proxy.config.TcpListenerConfig;
import io.portico.proxy.http.HttpServerInitializer;
import io.portico.proxy.tcp.TcpProxyInitializer;
import io.portico.proxy.tls.ServerTls;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sets up each connection accepted on a bound socket, from the listener that the config in force
 * has at this address when the connection is accepted: enforces the connection limit (beyond it the
 * connection is closed at once, spec gateway.md §3.5), terminates TLS, applies the listener's
 * authorization, then builds the HTTP or TCP pipeline.
 *
 * <pre>
 *  accept ──▶ limit reached? ──yes──▶ close
 *                 │ no
 *                 ▼
 *  plaintext listener without authorization ─────────────────────────────────────┐
 *                                                                                 │
 *  TLS listener:  [PermissiveTlsDetector] ──▶ SniHandler ──▶ AdmissionHandler ───┤
 *                  (permissive only:           (chain by      (handshake done,    │
 *                   TLS or plaintext?)          SNI, then      authorization,     │
 *                                               SslHandler)    else close)        ▼
 *                                      HTTP listener ──▶ HttpServerInitializer (HTTP/1.1 or HTTP/2)
 *                                      TCP listener  ──▶ TcpProxyInitializer
 * </pre>
 *
 * Every change to a connection's pipeline is made here or in the protocol initializers; the
 * detector and the admission handler call back when they have decided.
 */
final class ListenerInitializer extends ChannelInitializer<Channel> {
  private static final String TLS_DETECTOR = "tls-detector";
  private static final String TLS = "tls";
  private static final String ADMISSION = "admission";

  private final BindAddress bind;
  private final ActiveConfig active;
  private final HttpServerInitializer http;
  private final TcpProxyInitializer tcp;
  private final ChannelGroup connections;
  private final ListenerStats stats;
  private final AtomicInteger open = new AtomicInteger();
  private volatile BoundConfig fallback;

  /**
   * @param initial the config being applied, which has a listener at {@code bind}
   */
  ListenerInitializer(
      BindAddress bind,
      BoundConfig initial,
      ActiveConfig active,
      HttpServerInitializer http,
      TcpProxyInitializer tcp,
      ChannelGroup connections,
      ListenerStats stats) {
    this.bind = bind;
    this.fallback = initial;
    this.active = active;
    this.http = http;
    this.tcp = tcp;
    this.connections = connections;
    this.stats = stats;
  }

  /** Connections open right now. */
  int openConnections() {
    return open.get();
  }

  /**
   * The config whose listener to use when the config in force no longer has this address
   * (draining); it has a listener at this address.
   */
  void fallback(BoundConfig config) {
    this.fallback = config;
  }

  /** The listener config new connections get when no newer config names this address. */
  ListenerConfig fallback() {
    return fallback.listener(bind);
  }

  @Override
  protected void initChannel(Channel ch) {
    // The listener and the config it belongs to, taken together: its routes' clusters are bound
    // there.
    BoundConfig binding = active.getOrNull();
    ListenerConfig listener = binding == null ? null : binding.listener(bind);
    if (listener == null) {
      binding = fallback;
      listener = binding.listener(bind);
    }
    ListenerStats.Counters counters = stats.of(listener.name());
    int count = open.incrementAndGet();
    ch.closeFuture().addListener(f -> open.decrementAndGet());
    if (listener.connectionLimit() > 0 && count > listener.connectionLimit()) {
      counters.connectionOverLimit();
      ch.close();
      return;
    }
    connections.add(ch);
    counters.connectionOpened();
    ch.closeFuture().addListener(f -> counters.connectionClosed());
    ServerTls tls = listener.tls();
    if (tls == null && listener.authorization() == null) {
      protocol(ch, listener, binding, null);
      return;
    }
    ch.config().setAutoRead(false);
    ChannelPipeline pipeline = ch.pipeline();
    if (tls != null) {
      pipeline.addLast(
          tls.isPermissive() ? TLS_DETECTOR : TLS,
          tls.isPermissive() ? new PermissiveTlsDetector(this, tls) : tls.newHandshakeHandler());
    }
    pipeline.addLast(ADMISSION, new AdmissionHandler(this, listener, binding, counters));
  }

  /**
   * The permissive detector decided: TLS adds the handshake stage after it, plaintext goes straight
   * to admission; then the detector leaves, handing on the bytes it read.
   */
  void detected(ChannelHandlerContext detector, ServerTls tls, boolean isTls) {
    ChannelPipeline pipeline = detector.pipeline();
    if (isTls) {
      pipeline.addAfter(detector.name(), TLS, tls.newHandshakeHandler());
    } else {
      detector.fireUserEventTriggered(AdmissionHandler.Plaintext.DETECTED);
    }
    if (detector.channel().isOpen()) {
      pipeline.remove(detector.handler());
    }
  }

  /**
   * The connection is admitted: its protocol pipeline goes behind the admission handler, which
   * passes on {@code channelActive} and leaves.
   *
   * @param ssl the connection's TLS handler; {@code null} for plaintext
   */
  void admitted(
      ChannelHandlerContext admission,
      ListenerConfig listener,
      BoundConfig binding,
      SslHandler ssl) {
    protocol(admission.channel(), listener, binding, ssl);
    admission.fireChannelActive();
    admission.pipeline().remove(admission.handler());
  }

  private void protocol(Channel ch, ListenerConfig listener, BoundConfig binding, SslHandler ssl) {
    if (listener instanceof HttpListenerConfig httpListener) {
      http.initChannel(
          ch, httpListener, binding, ssl != null, ssl == null ? null : ssl.applicationProtocol());
    } else {
      tcp.initChannel(ch, (TcpListenerConfig) listener, binding);
    }
  }
}
