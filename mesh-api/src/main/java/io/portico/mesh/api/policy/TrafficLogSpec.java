package io.portico.mesh.api.policy;

import io.portico.mesh.api.Selector;
import io.portico.mesh.api.SpecValues;
import java.util.List;

/**
 * The spec of a TrafficLog (spec/core.md §3.4): logs outbound traffic from {@code sources} to
 * {@code destinations} into a logging backend of the mesh. Inbound traffic is not logged.
 *
 * @param sources dataplanes whose outbound traffic is logged
 * @param destinations services whose traffic is logged
 * @param conf the backend; absent means the mesh's default backend
 */
public record TrafficLogSpec(List<Selector> sources, List<Selector> destinations, Conf conf)
    implements ConnectionPolicySpec {
  public TrafficLogSpec {
    sources = SpecValues.list(sources);
    destinations = SpecValues.list(destinations);
  }

  /**
   * Where to log.
   *
   * @param backend a backend name of {@code mesh.logging.backends}; empty means the default one
   */
  public record Conf(String backend) {
    public Conf {
      backend = SpecValues.text(backend);
    }
  }
}
