package io.portico.proxy.tracing;

import java.net.URI;
import java.util.Objects;

/**
 * The tracing of an HTTP listener.
 *
 * @param collector where spans are POSTed (Zipkin {@code /api/v2/spans})
 * @param sampling percentage (0-100) of the traces started here that are sampled
 * @param traceId128bit new traces get 128-bit ids (else 64-bit)
 * @param isClient spans are {@code CLIENT} spans (outbound listeners) rather than {@code SERVER}
 * @param sharesSpan a server span reuses the span id of its caller (sharedSpanContext on a sidecar
 *     inbound, where the caller is a mesh proxy's client span)
 * @param serviceName {@code localEndpoint.serviceName}
 * @param nodeId the dataplane, tag {@code node_id}
 */
public record TracingConfig(
    URI collector,
    double sampling,
    boolean traceId128bit,
    boolean isClient,
    boolean sharesSpan,
    String serviceName,
    String nodeId) {
  public TracingConfig {
    Objects.requireNonNull(collector, "collector");
    Objects.requireNonNull(serviceName, "serviceName");
    Objects.requireNonNull(nodeId, "nodeId");
    if (!(sampling >= 0 && sampling <= 100)) {
      throw new IllegalArgumentException("sampling must be in [0, 100], was " + sampling);
    }
  }
}
