package io.portico.proxy.tracing;

import io.netty.handler.codec.http.HttpHeaders;

/**
 * The trace context a request comes with, read the way Envoy's Zipkin tracer reads it: the B3 multi
 * headers ({@code x-b3-traceid}, {@code x-b3-spanid}, {@code x-b3-parentspanid}, {@code
 * x-b3-sampled}, {@code x-b3-flags}), else the single {@code b3} header, else W3C {@code
 * traceparent}. Ids are lower-case hex (trace id 16 or 32 digits, span ids 16).
 *
 * @param traceId the trace; never null
 * @param spanId the caller's span; null when only a trace id came (the new span is a root)
 * @param parentId the caller's parent span; null when none
 * @param sampled the caller's decision; null when it left it to us
 */
public record TraceContext(String traceId, String spanId, String parentId, Boolean sampled) {
  static final String TRACE_ID = "x-b3-traceid";
  static final String SPAN_ID = "x-b3-spanid";
  static final String PARENT_SPAN_ID = "x-b3-parentspanid";
  static final String SAMPLED = "x-b3-sampled";
  static final String FLAGS = "x-b3-flags";
  static final String B3 = "b3";
  static final String TRACEPARENT = "traceparent";

  /**
   * The context of {@code headers}; null when they carry none that is well-formed, or only a
   * sampling decision (returned as a context without trace id is not possible: see {@link
   * #decisionOnly}).
   */
  public static TraceContext of(HttpHeaders headers) {
    String traceId = headers.get(TRACE_ID);
    if (traceId != null) {
      String spanId = headers.get(SPAN_ID);
      String parentId = headers.get(PARENT_SPAN_ID);
      if (!isTraceId(traceId)
          || (spanId != null && !isSpanId(spanId))
          || (parentId != null && !isSpanId(parentId))) {
        return null;
      }
      Boolean sampled =
          "1".equals(headers.get(FLAGS)) ? Boolean.TRUE : sampled(headers.get(SAMPLED));
      return new TraceContext(
          traceId.toLowerCase(java.util.Locale.ROOT),
          spanId == null ? null : spanId.toLowerCase(java.util.Locale.ROOT),
          parentId == null ? null : parentId.toLowerCase(java.util.Locale.ROOT),
          sampled);
    }
    String b3 = headers.get(B3);
    if (b3 != null) {
      return single(b3);
    }
    String traceparent = headers.get(TRACEPARENT);
    return traceparent == null ? null : traceparent(traceparent);
  }

  /** A sampling decision without trace ({@code b3: 0}, or {@code x-b3-sampled} alone). */
  static Boolean decisionOnly(HttpHeaders headers) {
    String b3 = headers.get(B3);
    if (b3 != null && b3.length() == 1) {
      return sampled(b3);
    }
    return sampled(headers.get(SAMPLED));
  }

  /** {@code b3: traceid-spanid[-sampled[-parentspanid]]} (openzipkin/b3-propagation). */
  private static TraceContext single(String value) {
    String[] parts = value.split("-", -1);
    if (parts.length < 2 || parts.length > 4 || !isTraceId(parts[0]) || !isSpanId(parts[1])) {
      return null;
    }
    Boolean sampled = parts.length >= 3 ? sampled(parts[2]) : null;
    String parent = parts.length == 4 ? parts[3] : null;
    if (parent != null && !isSpanId(parent)) {
      return null;
    }
    return new TraceContext(
        parts[0].toLowerCase(java.util.Locale.ROOT),
        parts[1].toLowerCase(java.util.Locale.ROOT),
        parent == null ? null : parent.toLowerCase(java.util.Locale.ROOT),
        sampled);
  }

  /** {@code traceparent: 00-<32 hex>-<16 hex>-<2 hex flags>} (W3C Trace Context). */
  private static TraceContext traceparent(String value) {
    String[] parts = value.trim().split("-", -1);
    if (parts.length < 4
        || parts[1].length() != 32
        || !isTraceId(parts[1])
        || !isSpanId(parts[2])
        || parts[3].length() != 2
        || !isHex(parts[3])) {
      return null;
    }
    boolean sampled = (Integer.parseInt(parts[3], 16) & 1) == 1;
    return new TraceContext(
        parts[1].toLowerCase(java.util.Locale.ROOT),
        parts[2].toLowerCase(java.util.Locale.ROOT),
        null,
        sampled);
  }

  private static Boolean sampled(String value) {
    if (value == null) {
      return null;
    }
    return switch (value) {
      case "1", "d", "true" -> Boolean.TRUE;
      case "0", "false" -> Boolean.FALSE;
      default -> null;
    };
  }

  private static boolean isTraceId(String id) {
    return (id.length() == 16 || id.length() == 32) && isHex(id) && !isZero(id);
  }

  private static boolean isSpanId(String id) {
    return id.length() == 16 && isHex(id) && !isZero(id);
  }

  private static boolean isHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isZero(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) != '0') {
        return false;
      }
    }
    return true;
  }
}
