package io.portico.cp.compiler.plan;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A TCP listener: each connection goes to one of the weighted clusters; none = accept and close.
 *
 * @param name unique listener name
 * @param address bind address
 * @param port bind port
 * @param direction inbound, outbound or gateway
 * @param connectionLimit at most this many concurrent connections; 0 = unlimited
 * @param clusters weighted upstreams
 * @param idleTimeout closes a connection idle this long; null = proxy default
 * @param tls the TLS the listener terminates; null = plaintext
 * @param authorization who may connect (mutual TLS only); null = anyone
 */
public record TcpListenerPlan(
    String name,
    String address,
    int port,
    TrafficDirection direction,
    int connectionLimit,
    List<WeightedCluster> clusters,
    Duration idleTimeout,
    DownstreamTlsPlan tls,
    AuthorizationPlan authorization)
    implements ListenerPlan {
  public TcpListenerPlan {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(direction, "direction");
    clusters = List.copyOf(clusters);
  }

  /** A plaintext listener. */
  public TcpListenerPlan(
      String name,
      String address,
      int port,
      TrafficDirection direction,
      int connectionLimit,
      List<WeightedCluster> clusters,
      Duration idleTimeout) {
    this(name, address, port, direction, connectionLimit, clusters, idleTimeout, null, null);
  }

  /** This listener with TLS and authorization. */
  public TcpListenerPlan secured(DownstreamTlsPlan tls, AuthorizationPlan authorization) {
    return new TcpListenerPlan(
        name, address, port, direction, connectionLimit, clusters, idleTimeout, tls, authorization);
  }
}
