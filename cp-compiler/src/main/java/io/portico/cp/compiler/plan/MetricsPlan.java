package io.portico.cp.compiler.plan;

import java.util.Objects;

/**
 * Where a proxy serves its Prometheus metrics (spec/core.md §1.3, a {@code prometheus} metrics
 * backend): plain HTTP on the dataplane's address.
 *
 * @param address the bind address: the dataplane's {@code networking.address}
 * @param port the port ({@code conf.port}, default {@link #DEFAULT_PORT})
 * @param path the path ({@code conf.path}, default {@link #DEFAULT_PATH}); starts with {@code /}
 */
public record MetricsPlan(String address, int port, String path) {
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
  }
}
