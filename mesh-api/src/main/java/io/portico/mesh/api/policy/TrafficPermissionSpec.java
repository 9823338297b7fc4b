package io.portico.mesh.api.policy;

import io.portico.mesh.api.Selector;
import io.portico.mesh.api.SpecValues;
import java.util.List;

/**
 * The spec of a TrafficPermission (spec/core.md §3.4): which {@code sources} may call the inbounds
 * matching {@code destinations}. An inbound connection policy; enforced only with mTLS.
 *
 * @param sources callers allowed, by identity tags (selectors OR'ed, keys within one AND'ed)
 * @param destinations inbounds the permission applies to
 */
public record TrafficPermissionSpec(List<Selector> sources, List<Selector> destinations)
    implements ConnectionPolicySpec {
  public TrafficPermissionSpec {
    sources = SpecValues.list(sources);
    destinations = SpecValues.list(destinations);
  }
}
