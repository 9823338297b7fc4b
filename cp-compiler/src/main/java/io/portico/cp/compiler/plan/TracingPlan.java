package io.portico.cp.compiler.plan;

import java.util.Objects;

/**
 * An HTTP listener's tracing (TrafficTrace + the mesh zipkin backend it names, spec/core.md §1.3).
 *
 * @param policy the TrafficTrace that selected the dataplane, for explanations
 * @param backend the tracing backend's name
 * @param collectorUrl the backend's {@code conf.url}: where spans are POSTed
 * @param sampling percentage of new traces sampled, 0-100
 * @param traceId128bit whether new traces get 128-bit ids
 * @param sharedSpanContext whether a server span reuses its caller's span id
 * @param serviceName the service the spans are of (the dataplane's {@code kuma.io/service})
 */
public record TracingPlan(
    String policy,
    String backend,
    String collectorUrl,
    double sampling,
    boolean traceId128bit,
    boolean sharedSpanContext,
    String serviceName) {
  public TracingPlan {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(collectorUrl, "collectorUrl");
    Objects.requireNonNull(serviceName, "serviceName");
    if (!(sampling >= 0 && sampling <= 100)) {
      throw new IllegalArgumentException("sampling must be in [0, 100], was " + sampling);
    }
  }
}
