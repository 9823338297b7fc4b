package io.portico.proxy.bind;

import io.portico.proxy.config.EndpointConfig;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * An endpoint of a cluster and the address its host resolved to when the config was bound, so that
 * no event loop ever blocks on name resolution. Compared by value: the health of an endpoint, its
 * pools and counters are keyed by {@link #address()}.
 */
public record BoundEndpoint(EndpointConfig endpoint, InetSocketAddress address) {
  public BoundEndpoint {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(address, "address");
  }

  /** The host as the config names it: a host name or an IP literal. */
  public String host() {
    return endpoint.host();
  }

  public int port() {
    return endpoint.port();
  }

  public int weight() {
    return endpoint.weight();
  }

  /** {@code host:port}, as the Host of a request whose host is rewritten to the backend. */
  public String authority() {
    return endpoint.authority();
  }
}
