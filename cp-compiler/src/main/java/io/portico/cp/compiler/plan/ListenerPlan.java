package io.portico.cp.compiler.plan;

/** One bound socket of the proxy: HTTP (virtual hosts and routes) or TCP (weighted clusters). */
public sealed interface ListenerPlan permits HttpListenerPlan, TcpListenerPlan {
  /** Unique in the config, e.g. {@code edge-gateway:HTTP:8080} or {@code outbound:127.0.0.1:80}. */
  String name();

  String address();

  int port();

  TrafficDirection direction();

  /** At most this many concurrent downstream connections; 0 = unlimited. */
  int connectionLimit();

  /** The TLS the listener terminates; null = plaintext. */
  DownstreamTlsPlan tls();

  /** Who may connect, on the client certificate; null = anyone. */
  AuthorizationPlan authorization();

  /** This listener with TLS and authorization (null = none). */
  ListenerPlan secured(DownstreamTlsPlan tls, AuthorizationPlan authorization);
}
