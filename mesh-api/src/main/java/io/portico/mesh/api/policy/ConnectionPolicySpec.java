package io.portico.mesh.api.policy;

import io.portico.mesh.api.ResourceSpec;
import io.portico.mesh.api.Selector;
import java.util.List;

/**
 * A policy between a source and a destination (spec/core.md §3.1): outbound connection policies
 * (TrafficRoute, Timeout, Retry, CircuitBreaker, HealthCheck, TrafficLog) and inbound ones
 * (TrafficPermission, FaultInjection, RateLimit).
 */
public interface ConnectionPolicySpec extends ResourceSpec {
  /** Selectors of the calling dataplanes. */
  List<Selector> sources();

  /** Selectors of the called services. */
  List<Selector> destinations();
}
