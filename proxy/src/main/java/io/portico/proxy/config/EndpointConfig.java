package io.portico.proxy.config;

import java.util.Objects;

/**
 * One endpoint of a cluster, as the config names it: a host name or an IP literal, a port and a
 * weight. Host names are resolved when the config is bound ({@code bind} package), never here.
 */
public record EndpointConfig(String host, int port, int weight) {
  public EndpointConfig {
    Objects.requireNonNull(host, "host");
  }

  /** {@code host:port}, as the Host of a request whose host is rewritten to the backend. */
  public String authority() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
