package io.portico.proxy.config;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One endpoint of a cluster. The address was resolved once when the config was compiled, so that no
 * event loop ever blocks on name resolution.
 */
public record EndpointConfig(String host, int port, int weight, InetSocketAddress address) {
  public EndpointConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(address, "address");
  }

  /** {@code host:port}, as the Host of a request whose host is rewritten to the backend. */
  public String authority() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
