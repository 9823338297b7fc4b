package io.portico.proxy.upstream;

import io.portico.proxy.config.UpstreamProtocol;
import java.net.InetSocketAddress;
import java.util.Objects;

/** What a pooled connection is for: an endpoint address and the protocol spoken to it. */
public record EndpointKey(InetSocketAddress address, UpstreamProtocol protocol) {
  public EndpointKey {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(protocol, "protocol");
  }

  @Override
  public String toString() {
    return address.getHostString() + ":" + address.getPort() + "/" + protocol;
  }
}
