package io.portico.proxy.config;

import io.portico.proxy.accesslog.AccessLogConfig;
import io.portico.proxy.tls.ServerTls;

/** A compiled listener: HTTP or TCP. */
public sealed interface ListenerConfig permits HttpListenerConfig, TcpListenerConfig {
  String name();

  BindAddress bind();

  /** At most this many concurrent connections; 0 = unlimited. */
  int connectionLimit();

  /** Downstream TLS; {@code null} for a plaintext listener. */
  ServerTls tls();

  /** Who may connect; {@code null} = anyone who completes the handshake. */
  AuthorizationMatcher authorization();

  /** The access log; {@code null} = none. */
  AccessLogConfig accessLog();

  /**
   * Whether the listener is an outbound of a sidecar: one on an address of no interface of this
   * host is left out when the config is bound.
   */
  boolean isOutbound();
}
