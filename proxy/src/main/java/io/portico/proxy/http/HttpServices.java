package io.portico.proxy.http;

import io.portico.proxy.accesslog.AccessLogSinks;
import io.portico.proxy.routing.FractionSampler;
import io.portico.proxy.tracing.SpanExporters;
import io.portico.proxy.upstream.UpstreamPools;
import java.util.Objects;

/**
 * What HTTP connections of a runtime share: the upstream pools, the sampler of mirrors and faults,
 * the access log sinks and the span exporters.
 */
public record HttpServices(
    UpstreamPools pools,
    FractionSampler mirrorSampler,
    AccessLogSinks accessLogs,
    SpanExporters spanExporters) {
  public HttpServices {
    Objects.requireNonNull(pools, "pools");
    Objects.requireNonNull(mirrorSampler, "mirrorSampler");
    Objects.requireNonNull(accessLogs, "accessLogs");
    Objects.requireNonNull(spanExporters, "spanExporters");
  }

  /** Services whose spans go to exporters of their own (tests). */
  public HttpServices(
      UpstreamPools pools, FractionSampler mirrorSampler, AccessLogSinks accessLogs) {
    this(pools, mirrorSampler, accessLogs, new SpanExporters());
  }

  /** Services whose access logs go to sinks of their own (tests). */
  public HttpServices(UpstreamPools pools, FractionSampler mirrorSampler) {
    this(pools, mirrorSampler, new AccessLogSinks());
  }
}
