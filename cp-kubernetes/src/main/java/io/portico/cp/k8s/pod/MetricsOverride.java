package io.portico.cp.k8s.pod;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.portico.mesh.api.mesh.MeshSpec.MetricsBackend;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Dataplane's prometheus metrics override (spec/kubernetes.md §5.9, Kuma's {@code MetricsFor}):
 * {@code prometheus.metrics.kuma.io/port|path} and, per application {@code <app>}, {@code
 * prometheus.metrics.kuma.io/aggregate-<app>-port|path|enabled}.
 */
final class MetricsOverride {
  private static final Pattern AGGREGATE =
      Pattern.compile(
          "^prometheus\\.metrics\\.kuma\\.io/aggregate-([a-zA-Z0-9-]+)-(port|path|enabled)$");
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private MetricsOverride() {}

  /**
   * The override {@code {type: prometheus, conf: {path, port, aggregate}}}, or null when no metrics
   * annotation is present. Zero values are left out of {@code conf}, as protobuf JSON does;
   * aggregate entries are sorted by application name (Kuma's order is a map's).
   *
   * @throws PodConversionException for a malformed port or boolean, or an enabled aggregate without
   *     a port
   */
  static MetricsBackend of(PodAnnotations annotations) {
    String path = annotations.string(PodAnnotations.METRICS_PATH).orElse("");
    OptionalLong port = annotations.uint32(PodAnnotations.METRICS_PORT);
    ArrayNode aggregate = aggregate(annotations);
    if (path.isEmpty() && port.isEmpty() && aggregate.isEmpty()) {
      return null;
    }
    ObjectNode conf = JSON.objectNode();
    if (!path.isEmpty()) {
      conf.put("path", path);
    }
    if (port.isPresent() && port.getAsLong() != 0) {
      putNumber(conf, "port", port.getAsLong());
    }
    if (!aggregate.isEmpty()) {
      conf.set("aggregate", aggregate);
    }
    return new MetricsBackend(null, "prometheus", conf);
  }

  private static ArrayNode aggregate(PodAnnotations annotations) {
    TreeSet<String> apps = new TreeSet<>();
    for (String key : annotations.keys()) {
      Matcher m = AGGREGATE.matcher(key);
      if (m.matches()) {
        apps.add(m.group(1));
      }
    }
    ArrayNode out = JSON.arrayNode();
    for (String app : apps) {
      String prefix = PodAnnotations.METRICS_AGGREGATE_PREFIX + app;
      boolean enabled = annotations.enabled(prefix + "-enabled").orElse(true);
      String path = annotations.string(prefix + "-path").orElse("/metrics");
      OptionalLong port = annotations.uint32(prefix + "-port");
      if (port.isEmpty() && enabled) {
        throw new PodConversionException("port needs to be specified for metrics scraping");
      }
      ObjectNode entry = JSON.objectNode();
      entry.put("name", app);
      if (!path.isEmpty()) {
        entry.put("path", path);
      }
      if (port.isPresent() && port.getAsLong() != 0) {
        putNumber(entry, "port", port.getAsLong());
      }
      entry.put("enabled", enabled);
      out.add(entry);
    }
    return out;
  }

  /** An int where it fits, as a parsed document holds it (so specs compare equal). */
  private static void putNumber(ObjectNode node, String field, long value) {
    if (value <= Integer.MAX_VALUE) {
      node.put(field, (int) value);
    } else {
      node.put(field, value);
    }
  }
}
