package io.portico.proxy.config;

/** A compiled listener: HTTP or TCP. */
public sealed interface ListenerConfig permits HttpListenerConfig, TcpListenerConfig {
  String name();

  BindAddress bind();

  /** At most this many concurrent connections; 0 = unlimited. */
  int connectionLimit();
}
