package io.portico.mesh.api.policy;

import io.portico.mesh.api.ResourceSpec;
import io.portico.mesh.api.Selector;
import java.util.List;

/**
 * A policy that applies to whole dataplanes chosen by {@code selectors} (spec/core.md §3.1):
 * TrafficTrace, ProxyTemplate, VirtualOutbound.
 */
public interface DataplanePolicySpec extends ResourceSpec {
  /** Selectors of the dataplanes, matched against inbound or gateway tags. */
  List<Selector> selectors();
}
