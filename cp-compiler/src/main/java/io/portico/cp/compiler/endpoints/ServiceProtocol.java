package io.portico.cp.compiler.endpoints;

import io.portico.cp.compiler.plan.ClusterPlan.UpstreamProtocol;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The protocol a service speaks, from its {@code kuma.io/protocol} tag (spec/core.md §0, §2.3):
 * {@code http}, {@code http2}, {@code grpc}, {@code kafka}, {@code tcp}; absent or unknown values
 * are {@link #UNKNOWN}, served as opaque TCP.
 */
public enum ServiceProtocol {
  UNKNOWN,
  TCP,
  HTTP,
  HTTP2,
  GRPC,
  KAFKA;

  /**
   * What each protocol can also be served as, most specific first (Kuma's {@code protocolStacks}):
   * two services' common protocol is the first entry of one stack found in the other.
   */
  private static final Map<ServiceProtocol, List<ServiceProtocol>> STACKS =
      Map.of(
          GRPC, List.of(GRPC, HTTP2, TCP),
          HTTP2, List.of(HTTP2, TCP),
          HTTP, List.of(HTTP, TCP),
          KAFKA, List.of(KAFKA, TCP),
          TCP, List.of(TCP));

  /** Parses a {@code kuma.io/protocol} value, case-insensitively; null or unknown → UNKNOWN. */
  public static ServiceProtocol parse(String tag) {
    if (tag == null) {
      return UNKNOWN;
    }
    return switch (tag.toLowerCase(Locale.ROOT)) {
      case "tcp" -> TCP;
      case "http" -> HTTP;
      case "http2" -> HTTP2;
      case "grpc" -> GRPC;
      case "kafka" -> KAFKA;
      default -> UNKNOWN;
    };
  }

  /**
   * The protocol two sets of endpoints of one service can both be served with (Kuma's {@code
   * GetCommonProtocol}): equal → it; either unknown → unknown; otherwise the most specific common
   * entry of their stacks ({@code grpc}+{@code http2} → {@code http2}, {@code http}+{@code http2} →
   * {@code tcp}).
   */
  public ServiceProtocol commonWith(ServiceProtocol other) {
    if (this == other) {
      return this;
    }
    if (this == UNKNOWN || other == UNKNOWN) {
      return UNKNOWN;
    }
    List<ServiceProtocol> others = STACKS.get(other);
    for (ServiceProtocol candidate : STACKS.get(this)) {
      if (others.contains(candidate)) {
        return candidate;
      }
    }
    return TCP;
  }

  /** Whether traffic is HTTP and gets an HTTP listener with L7 policies (spec/core.md §2.3). */
  public boolean isHttpFamily() {
    return this == HTTP || this == HTTP2 || this == GRPC;
  }

  /** Whether upstream connections speak HTTP/2 (spec/gateway.md §3.4, decision Q7). */
  public boolean isHttp2() {
    return this == HTTP2 || this == GRPC;
  }

  /** How to talk to endpoints of this protocol: HTTP/2, HTTP/1.1, or raw TCP. */
  public UpstreamProtocol upstream() {
    if (isHttp2()) {
      return UpstreamProtocol.HTTP2;
    }
    return this == HTTP ? UpstreamProtocol.HTTP1 : UpstreamProtocol.TCP;
  }
}
