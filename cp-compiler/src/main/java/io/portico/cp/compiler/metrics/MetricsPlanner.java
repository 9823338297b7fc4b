package io.portico.cp.compiler.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.portico.cp.compiler.plan.MetricsPlan;
import io.portico.mesh.api.dataplane.DataplaneSpec;
import io.portico.mesh.api.mesh.MeshSpec;
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
    return Optional.of(new MetricsPlan(address, port, path));
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
