package io.portico.proxy.config;

import io.portico.proxy.api.v1.Listener;
import io.portico.proxy.api.v1.Tracing;
import io.portico.proxy.api.v1.TrafficDirection;
import io.portico.proxy.tracing.TracingConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/**
 * Compiles an HTTP listener's tracing: the collector must be an absolute {@code http} or {@code
 * https} URL with an explicit port (spec core.md §1.3), sampling in [0, 100]. Outbound listeners
 * make client spans; inbound and gateway listeners server spans; only a sidecar inbound shares its
 * caller's span id (its caller is a mesh proxy's client span; a gateway's caller is outside).
 */
final class TracingCompiler {
  private TracingCompiler() {}

  static TracingConfig tracing(String path, Listener listener, List<String> errors) {
    if (!listener.getHttp().hasTracing()) {
      return null;
    }
    Tracing tracing = listener.getHttp().getTracing();
    int before = errors.size();
    URI collector = null;
    try {
      collector = new URI(tracing.getCollectorUrl());
      if (!("http".equals(collector.getScheme()) || "https".equals(collector.getScheme()))
          || collector.getHost() == null
          || collector.getPort() == -1) {
        errors.add(
            path
                + ".collector_url: \""
                + tracing.getCollectorUrl()
                + "\" must be an http(s) URL with a host and an explicit port");
      }
    } catch (URISyntaxException e) {
      errors.add(path + ".collector_url: " + e.getMessage());
    }
    if (!(tracing.getSampling() >= 0 && tracing.getSampling() <= 100)) {
      errors.add(path + ".sampling: must be in [0, 100], was " + tracing.getSampling());
    }
    if (errors.size() != before) {
      return null;
    }
    boolean isClient = listener.getDirection() == TrafficDirection.OUTBOUND;
    boolean sharesSpan =
        tracing.getSharedSpanContext() && listener.getDirection() == TrafficDirection.INBOUND;
    return new TracingConfig(
        collector,
        tracing.getSampling(),
        tracing.getTraceId128Bit(),
        isClient,
        sharesSpan,
        tracing.getServiceName(),
        tracing.getNodeId());
  }
}
