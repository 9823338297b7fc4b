package io.portico.proxy.config;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * Where the proxy serves its Prometheus metrics: a plain HTTP socket and the one path that answers.
 *
 * @param bind the socket address (port 0 = any free port, for tests)
 * @param path the scrape path, starting with {@code /}
 * @param aggregate the application endpoints whose metrics each scrape appends
 */
public record MetricsEndpointConfig(BindAddress bind, String path, List<Aggregate> aggregate) {
  public MetricsEndpointConfig {
    Objects.requireNonNull(bind, "bind");
    Objects.requireNonNull(path, "path");
    aggregate = List.copyOf(aggregate);
  }

  /** An endpoint without application metrics. */
  public MetricsEndpointConfig(BindAddress bind, String path) {
    this(bind, path, List.of());
  }

  /**
   * One application endpoint scraped with the proxy's meters.
   *
   * @param name its name (in a comment when it cannot be scraped)
   * @param uri {@code http://address:port/path}
   */
  public record Aggregate(String name, URI uri) {
    public Aggregate {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(uri, "uri");
    }
  }
}
