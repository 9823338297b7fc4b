package io.portico.cp.compiler.plan;

import java.util.List;
import java.util.Objects;

/**
 * An HTTP listener.
 *
 * @param name unique listener name
 * @param address bind address
 * @param port bind port
 * @param direction inbound, outbound or gateway
 * @param connectionLimit at most this many concurrent connections; 0 = unlimited
 * @param virtualHosts the virtual hosts, each with its ordered routes
 * @param settings connection-manager behaviour shared by every virtual host
 * @param tls the TLS the listener terminates; null = plaintext
 * @param authorization who may connect (mutual TLS only); null = anyone
 */
public record HttpListenerPlan(
    String name,
    String address,
    int port,
    TrafficDirection direction,
    int connectionLimit,
    List<VirtualHostPlan> virtualHosts,
    HttpListenerSettings settings,
    DownstreamTlsPlan tls,
    AuthorizationPlan authorization)
    implements ListenerPlan {
  public HttpListenerPlan {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(direction, "direction");
    virtualHosts = List.copyOf(virtualHosts);
    Objects.requireNonNull(settings, "settings");
  }

  /** A plaintext listener. */
  public HttpListenerPlan(
      String name,
      String address,
      int port,
      TrafficDirection direction,
      int connectionLimit,
      List<VirtualHostPlan> virtualHosts,
      HttpListenerSettings settings) {
    this(name, address, port, direction, connectionLimit, virtualHosts, settings, null, null);
  }

  /** This listener with TLS and authorization. */
  public HttpListenerPlan secured(DownstreamTlsPlan tls, AuthorizationPlan authorization) {
    return new HttpListenerPlan(
        name,
        address,
        port,
        direction,
        connectionLimit,
        virtualHosts,
        settings,
        tls,
        authorization);
  }
}
