package io.portico.proxy.config;

import io.portico.proxy.routing.RouteTable;
import java.util.List;
import java.util.Objects;

/** A compiled virtual host: its ordered routes and the headers added to its responses. */
public record VirtualHostConfig(
    String name, RouteTable<RouteConfig> routes, List<Header> responseHeaders) {
  public VirtualHostConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(routes, "routes");
    responseHeaders = List.copyOf(responseHeaders);
  }
}
