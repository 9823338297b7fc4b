package io.portico.cp.compiler.plan;

import java.util.List;
import java.util.Objects;

/**
 * Where a proxy serves its Prometheus metrics (spec/core.md §1.3, a {@code prometheus} metrics
 * backend): plain HTTP on the dataplane's address.
 *
 * @param address the bind address: the dataplane's {@code networking.address}
 * @param port the port ({@code conf.port}, default {@link #DEFAULT_PORT})
 * @param path the path ({@code conf.path}, default {@link #DEFAULT_PATH}); starts with {@code /}
 * @param aggregate the application endpoints whose metrics each scrape includes ({@code
 *     conf.aggregate}, enabled ones)
 */
public record MetricsPlan(String address, int port, String path, List<Aggregate> aggregate) {
  /** Kuma's default Prometheus port. */
  public static final int DEFAULT_PORT = 5670;

  /** Kuma's default Prometheus path. */
  public static final String DEFAULT_PATH = "/metrics";

  public MetricsPlan {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(path, "path");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("path must start with /, got " + path);
    }
    aggregate = List.copyOf(aggregate);
  }

  /** An endpoint without aggregated application metrics. */
  public MetricsPlan(String address, int port, String path) {
    this(address, port, path, List.of());
  }

  /**
   * One application endpoint scraped with the proxy's.
   *
   * @param name its unique name in the backend
   * @param address the dataplane's address
   * @param port its port
   * @param path its path, starting with {@code /}
   */
  public record Aggregate(String name, String address, int port, String path) {
    public Aggregate {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(address, "address");
      Objects.requireNonNull(path, "path");
    }
  }
}
