package io.portico.cp.compiler.plan;

import io.portico.mesh.api.Resource;
import io.portico.mesh.api.policy.RetrySpec;
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
 * @param maxConnectAttempts endpoints tried per connection (Retry {@code tcp.maxConnectAttempts});
 *     0 = the proxy's default, one
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
    AuthorizationPlan authorization,
    int maxConnectAttempts)
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
    this(name, address, port, direction, connectionLimit, clusters, idleTimeout, null, null, 0);
  }

  /** This listener with TLS and authorization. */
  public TcpListenerPlan secured(DownstreamTlsPlan tls, AuthorizationPlan authorization) {
    return new TcpListenerPlan(
        name,
        address,
        port,
        direction,
        connectionLimit,
        clusters,
        idleTimeout,
        tls,
        authorization,
        maxConnectAttempts);
  }

  /** This listener trying {@code attempts} endpoints per connection (0 = the proxy's default). */
  public TcpListenerPlan withMaxConnectAttempts(int attempts) {
    return new TcpListenerPlan(
        name,
        address,
        port,
        direction,
        connectionLimit,
        clusters,
        idleTimeout,
        tls,
        authorization,
        attempts);
  }

  /**
   * The connect attempts a Retry policy gives a TCP listener: its {@code tcp.maxConnectAttempts}, 0
   * (the proxy's default) without a policy or a {@code tcp} section.
   */
  public static int maxConnectAttempts(Resource<RetrySpec> retry) {
    if (retry == null || retry.spec().conf() == null || retry.spec().conf().tcp() == null) {
      return 0;
    }
    return Math.max(0, retry.spec().conf().tcp().maxConnectAttempts());
  }
}
