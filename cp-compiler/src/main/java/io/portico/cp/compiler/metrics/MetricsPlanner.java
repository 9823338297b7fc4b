package io.portico.cp.compiler.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.portico.cp.compiler.plan.MetricsPlan;
import io.portico.mesh.api.dataplane.DataplaneSpec;
import io.portico.mesh.api.mesh.MeshSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides the Prometheus endpoint of one proxy (spec/core.md §1.3).
 *
 * <ul>
 *   <li>The mesh's {@code metrics.enabledBackend} (of type {@code prometheus}) applies to every
 *       dataplane of the mesh: sidecars and gateways alike.
 *   <li>A Dataplane's own {@code metrics} block overrides it field by field: each {@code conf} key
 *       the dataplane sets ({@code port}, {@code path}) wins over the mesh backend's, the others
 *       come from the mesh backend, then from Kuma's defaults (port 5670, path {@code /metrics}). A
 *       dataplane block alone (the mesh has no enabled backend) turns metrics on for that dataplane
 *       only.
 *   <li>The endpoint binds the dataplane's {@code networking.address} and is always plain HTTP,
 *       whatever {@code skipMTLS} says: Prometheus servers scrape from outside the mesh and have no
 *       mesh identity (Kuma's mTLS scraping needs its own Prometheus sidecar); see
 *       docs/gateway-guide.md "Metrics".
 *   <li>{@code conf.aggregate}: the application endpoints on the dataplane's address whose metrics
 *       each scrape includes (Kuma's metrics hijacker); a dataplane entry replaces the mesh
 *       backend's entry of the same name, {@code enabled: false} leaves one out.
 * </ul>
 */
public final class MetricsPlanner {
  private static final String PROMETHEUS = "prometheus";

  private MetricsPlanner() {}

  /** The endpoint of {@code dataplane} in a mesh with {@code mesh}; empty = no metrics. */
  public static Optional<MetricsPlan> plan(MeshSpec mesh, DataplaneSpec dataplane) {
    MeshSpec.MetricsBackend meshBackend = enabledBackend(mesh);
    MeshSpec.MetricsBackend own = dataplane.metrics();
    if (own != null && !own.type().isEmpty() && !PROMETHEUS.equals(own.type())) {
      return Optional.empty();
    }
    if (meshBackend == null && own == null) {
      return Optional.empty();
    }
    JsonNode meshConf = meshBackend == null ? null : meshBackend.conf();
    JsonNode ownConf = own == null ? null : own.conf();
    int port = intSetting("port", ownConf, meshConf, MetricsPlan.DEFAULT_PORT);
    String path = textSetting("path", ownConf, meshConf, MetricsPlan.DEFAULT_PATH);
    if (!path.startsWith("/")) {
      path = "/" + path;
    }
    DataplaneSpec.Networking networking = dataplane.networking();
    String address =
        networking == null || networking.address() == null || networking.address().isEmpty()
            ? "0.0.0.0"
            : networking.address();
    String appAddress = address.equals("0.0.0.0") ? "127.0.0.1" : address;
    return Optional.of(
        new MetricsPlan(address, port, path, aggregate(appAddress, ownConf, meshConf)));
  }

  /**
   * The enabled {@code aggregate} entries: the mesh backend's, each replaced by the dataplane's
   * entry of the same name, then the dataplane's others; an entry without a port is skipped, one
   * without a path scrapes {@code /metrics}.
   */
  private static List<MetricsPlan.Aggregate> aggregate(
      String address, JsonNode own, JsonNode mesh) {
    Map<String, JsonNode> byName = new LinkedHashMap<>();
    for (JsonNode conf : new JsonNode[] {mesh, own}) {
      JsonNode entries = conf == null ? null : conf.get("aggregate");
      if (entries != null && entries.isArray()) {
        for (JsonNode entry : entries) {
          String name = entry.path("name").asText("");
          if (!name.isEmpty()) {
            byName.put(name, entry);
          }
        }
      }
    }
    List<MetricsPlan.Aggregate> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : byName.entrySet()) {
      JsonNode conf = entry.getValue();
      int port = conf.path("port").asInt(0);
      if (!conf.path("enabled").asBoolean(true) || port <= 0 || port > 65535) {
        continue;
      }
      String path = conf.path("path").asText("");
      path = path.isEmpty() ? MetricsPlan.DEFAULT_PATH : path.startsWith("/") ? path : "/" + path;
      out.add(new MetricsPlan.Aggregate(entry.getKey(), address, port, path));
    }
    return out;
  }

  private static MeshSpec.MetricsBackend enabledBackend(MeshSpec mesh) {
    MeshSpec.Metrics metrics = mesh == null ? null : mesh.metrics();
    if (metrics == null || metrics.enabledBackend().isEmpty()) {
      return null;
    }
    for (MeshSpec.MetricsBackend backend : metrics.backends()) {
      if (backend != null
          && backend.name().equals(metrics.enabledBackend())
          && PROMETHEUS.equals(backend.type())) {
        return backend;
      }
    }
    return null;
  }

  private static int intSetting(String key, JsonNode own, JsonNode mesh, int fallback) {
    for (JsonNode conf : new JsonNode[] {own, mesh}) {
      JsonNode value = conf == null ? null : conf.get(key);
      if (value != null && value.canConvertToInt() && value.asInt() > 0) {
        return value.asInt();
      }
      if (value != null && value.isTextual() && value.asText().matches("[0-9]{1,5}")) {
        return Integer.parseInt(value.asText());
      }
    }
    return fallback;
  }

  private static String textSetting(String key, JsonNode own, JsonNode mesh, String fallback) {
    for (JsonNode conf : new JsonNode[] {own, mesh}) {
      JsonNode value = conf == null ? null : conf.get(key);
      if (value != null && value.isTextual() && !value.asText().isEmpty()) {
        return value.asText();
      }
    }
    return fallback;
  }
}
