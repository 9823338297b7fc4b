package io.portico.proxy.config;

import java.util.Objects;

/**
 * Where the proxy serves its Prometheus metrics: a plain HTTP socket and the one path that answers.
 *
 * @param bind the socket address (port 0 = any free port, for tests)
 * @param path the scrape path, starting with {@code /}
 */
public record MetricsEndpointConfig(BindAddress bind, String path) {
  public MetricsEndpointConfig {
    Objects.requireNonNull(bind, "bind");
    Objects.requireNonNull(path, "path");
  }
}
