package io.portico.mesh.api.policy;

import io.portico.mesh.api.Selector;
import io.portico.mesh.api.SpecValues;
import java.util.List;

/**
 * The spec of a TrafficTrace (spec/core.md §3.4): turns on tracing for the dataplanes matching
 * {@code selectors}, into a tracing backend of the mesh. Takes effect for HTTP-family traffic only.
 *
 * @param selectors dataplanes to trace
 * @param conf the backend; absent means the mesh's default backend
 */
public record TrafficTraceSpec(List<Selector> selectors, Conf conf) implements DataplanePolicySpec {
  public TrafficTraceSpec {
    selectors = SpecValues.list(selectors);
  }

  /**
   * Where to send traces.
   *
   * @param backend a backend name of {@code mesh.tracing.backends}; empty means the default one
   */
  public record Conf(String backend) {
    public Conf {
      backend = SpecValues.text(backend);
    }
  }
}
