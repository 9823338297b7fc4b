package io.portico.proxy.tracing;

/**
 * One request's span, filled in on the event loop and handed to an exporter when the response ends;
 * the exporter's thread only reads it after that.
 */
public final class Span {
  final String traceId;
  final String id;
  final String parentId;
  final boolean isClient;
  final boolean isShared;
  final String serviceName;
  final String nodeId;
  String name;
  long timestampMicros;
  long startNanos;
  long durationMicros;
  String method;
  String url;
  String protocol;
  String requestId;
  int statusCode;
  long responseSize;
  String upstreamCluster;
  String upstreamAddress;
  String error;

  Span(
      String traceId,
      String id,
      String parentId,
      boolean isClient,
      boolean isShared,
      String serviceName,
      String nodeId) {
    this.traceId = traceId;
    this.id = id;
    this.parentId = parentId;
    this.isClient = isClient;
    this.isShared = isShared;
    this.serviceName = serviceName;
    this.nodeId = nodeId;
  }

  /** The request goes to {@code address} of {@code cluster} (tag {@code upstream_cluster}). */
  public void upstream(String cluster, String address) {
    this.upstreamCluster = cluster;
    this.upstreamAddress = address;
  }
}
