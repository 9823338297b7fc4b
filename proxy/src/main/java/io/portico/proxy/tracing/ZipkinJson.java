package io.portico.proxy.tracing;

import java.util.List;

/** Zipkin's JSON v2 span list ({@code POST /api/v2/spans}, zipkin-api zipkin2-api.yaml). */
final class ZipkinJson {
  private ZipkinJson() {}

  static String encode(List<Span> spans) {
    StringBuilder out = new StringBuilder(spans.size() * 512);
    out.append('[');
    for (int i = 0; i < spans.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      append(out, spans.get(i));
    }
    return out.append(']').toString();
  }

  static void append(StringBuilder out, Span span) {
    out.append("{\"traceId\":\"").append(span.traceId).append('"');
    if (span.parentId != null) {
      out.append(",\"parentId\":\"").append(span.parentId).append('"');
    }
    out.append(",\"id\":\"").append(span.id).append('"');
    out.append(",\"kind\":\"").append(span.isClient ? "CLIENT" : "SERVER").append('"');
    out.append(",\"name\":");
    string(out, span.name == null ? "" : span.name);
    out.append(",\"timestamp\":").append(span.timestampMicros);
    out.append(",\"duration\":").append(Math.max(1, span.durationMicros));
    if (span.isShared) {
      out.append(",\"shared\":true");
    }
    out.append(",\"localEndpoint\":{\"serviceName\":");
    string(out, span.serviceName);
    out.append("},\"tags\":{\"component\":\"proxy\"");
    tag(out, "node_id", span.nodeId);
    tag(out, "http.method", span.method);
    tag(out, "http.url", span.url);
    tag(out, "http.protocol", span.protocol);
    tag(out, "guid:x-request-id", span.requestId);
    if (span.statusCode > 0) {
      tag(out, "http.status_code", Integer.toString(span.statusCode));
    }
    tag(out, "response_size", Long.toString(span.responseSize));
    tag(out, "upstream_cluster", span.upstreamCluster);
    tag(out, "upstream_address", span.upstreamAddress);
    if (span.error != null) {
      tag(out, "error", span.error);
    } else if (span.statusCode >= 500) {
      tag(out, "error", "true");
    }
    out.append("}}");
  }

  private static void tag(StringBuilder out, String key, String value) {
    if (value == null || value.isEmpty()) {
      return;
    }
    out.append(',');
    string(out, key);
    out.append(':');
    string(out, value);
  }

  private static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
