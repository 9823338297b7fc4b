package io.portico.cp.k8s.pod;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The annotations (or labels) of one object, read the way Kuma's {@code metadata.Annotations} reads
 * them, with Kuma's error texts (spec/kubernetes.md §5.1, §5.9): booleans are {@code
 * enabled|true|disabled|false}, ports are unsigned 32-bit decimals, lists are comma separated.
 *
 * <p>Also the names of every annotation the conversion reads (spec/kubernetes.md D1: Kuma's names).
 */
final class PodAnnotations {
  static final String MESH = "kuma.io/mesh";
  static final String SIDECAR_INJECTED = "kuma.io/sidecar-injected";
  static final String SIDECAR_INJECTION = "kuma.io/sidecar-injection";
  static final String GATEWAY = "kuma.io/gateway";
  static final String INGRESS = "kuma.io/ingress";
  static final String EGRESS = "kuma.io/egress";
  static final String TAGS = "kuma.io/tags";
  static final String IGNORE = "kuma.io/ignore";
  static final String TRANSPARENT_PROXYING = "kuma.io/transparent-proxying";
  static final String TRANSPARENT_PROXYING_INBOUND_PORT =
      "kuma.io/transparent-proxying-inbound-port";
  static final String TRANSPARENT_PROXYING_INBOUND_V6_PORT =
      "kuma.io/transparent-proxying-inbound-v6-port";
  static final String TRANSPARENT_PROXYING_OUTBOUND_PORT =
      "kuma.io/transparent-proxying-outbound-port";
  static final String DIRECT_ACCESS_SERVICES = "kuma.io/direct-access-services";
  static final String REACHABLE_SERVICES = "kuma.io/transparent-proxying-reachable-services";
  static final String VIRTUAL_PROBES = "kuma.io/virtual-probes";
  static final String VIRTUAL_PROBES_PORT = "kuma.io/virtual-probes-port";
  static final String ENVOY_ADMIN_PORT = "kuma.io/envoy-admin-port";
  static final String METRICS_PORT = "prometheus.metrics.kuma.io/port";
  static final String METRICS_PATH = "prometheus.metrics.kuma.io/path";
  static final String METRICS_AGGREGATE_PREFIX = "prometheus.metrics.kuma.io/aggregate-";

  /** Portico's explicit outbounds (spec/kubernetes.md §6.5 point 4, D11). */
  static final String EXPLICIT_OUTBOUNDS = "portico.io/outbounds";

  static final String BUILTIN = "builtin";

  private static final long MAX_UINT32 = 0xFFFF_FFFFL;

  private final Map<String, String> values;

  private PodAnnotations(Map<String, String> values) {
    this.values = values == null ? Map.of() : values;
  }

  /** The given annotations or labels; null reads as none. */
  static PodAnnotations of(Map<String, String> values) {
    return new PodAnnotations(values);
  }

  /** The value of {@code key}, when present (even empty). */
  Optional<String> string(String key) {
    return Optional.ofNullable(values.get(key));
  }

  /**
   * A boolean annotation: {@code enabled}/{@code true} or {@code disabled}/{@code false}.
   *
   * @throws PodConversionException {@code annotation "<key>" has wrong value "<v>"} for any other
   *     value
   */
  Optional<Boolean> enabled(String key) {
    String value = values.get(key);
    if (value == null) {
      return Optional.empty();
    }
    return switch (value) {
      case "enabled", "true" -> Optional.of(true);
      case "disabled", "false" -> Optional.of(false);
      default ->
          throw new PodConversionException(
              "annotation \"" + key + "\" has wrong value \"" + value + "\"");
    };
  }

  /** Whether the boolean annotation is present and on, ignoring malformed values. */
  boolean isEnabledLeniently(String key) {
    String value = values.get(key);
    return "enabled".equals(value) || "true".equals(value);
  }

  /**
   * An unsigned 32-bit decimal (Go's {@code strconv.ParseUint(v, 10, 32)}).
   *
   * @throws PodConversionException {@code failed to parse annotation "<key>": strconv.ParseUint:
   *     parsing "<v>": invalid syntax} (or {@code value out of range})
   */
  OptionalLong uint32(String key) {
    String value = values.get(key);
    if (value == null) {
      return OptionalLong.empty();
    }
    if (value.isEmpty() || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw parseFailure(key, value, "invalid syntax");
    }
    String digits = value.replaceFirst("^0+(?=.)", "");
    if (digits.length() > 10 || Long.parseLong(digits) > MAX_UINT32) {
      throw parseFailure(key, value, "value out of range");
    }
    return OptionalLong.of(Long.parseLong(digits));
  }

  /** A port-valued annotation as an {@code int}; values past 65535 are left to validation. */
  static int port(long uint32) {
    return (int) Math.min(uint32, Integer.MAX_VALUE);
  }

  /** A comma-separated list, items trimmed, empty items dropped. */
  Optional<List<String>> list(String key) {
    String value = values.get(key);
    if (value == null) {
      return Optional.empty();
    }
    List<String> out = new ArrayList<>();
    for (String item : value.split(",", -1)) {
      String trimmed = item.trim();
      if (!trimmed.isEmpty()) {
        out.add(trimmed);
      }
    }
    return Optional.of(List.copyOf(out));
  }

  /** Every key, for the pattern-named metrics aggregate annotations. */
  Iterable<String> keys() {
    return values.keySet();
  }

  private static PodConversionException parseFailure(String key, String value, String reason) {
    return new PodConversionException(
        "failed to parse annotation "
            + quote(key)
            + ": strconv.ParseUint: parsing "
            + quote(value)
            + ": "
            + reason);
  }

  /** Go's {@code %q} for the printable strings annotations hold. */
  static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
