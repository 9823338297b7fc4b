package io.portico.cp.k8s.pod;

import java.util.Optional;

/**
 * The {@code kuma.io/service} value of a Service port on Kubernetes: {@code
 * <name>_<namespace>_svc_<port>} (spec/kubernetes.md §5.4), and its parse (§5.6).
 *
 * @param name the Service name
 * @param namespace the Service namespace
 * @param port the Service port
 */
record ServiceTag(String name, String namespace, int port) {

  /** The tag value. */
  String value() {
    return name + "_" + namespace + "_svc_" + port;
  }

  /**
   * Kuma's {@code parseService}: exactly four {@code _}-separated parts, the last a decimal port.
   * Serviceless names ({@code <name>_<namespace>_svc}) and anything else are not Service tags.
   */
  static Optional<ServiceTag> parse(String value) {
    String[] parts = value.split("_", -1);
    if (parts.length != 4
        || parts[3].isEmpty()
        || parts[3].length() > 5
        || !parts[3].chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Optional.empty();
    }
    return Optional.of(new ServiceTag(parts[0], parts[1], Integer.parseInt(parts[3])));
  }
}
