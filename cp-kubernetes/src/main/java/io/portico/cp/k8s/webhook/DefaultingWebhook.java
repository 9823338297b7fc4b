package io.portico.cp.k8s.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.portico.cp.k8s.webhook.AdmissionRequest.Operation;
import io.portico.mesh.api.types.KubernetesKinds;
import io.portico.mesh.api.types.KubernetesKinds.KubernetesKind;
import io.portico.mesh.api.types.KubernetesKinds.MeshPlacement;
import io.portico.mesh.api.types.ResourceTypes;
import java.util.Optional;

/**
 * {@code /default-kuma-io-v1alpha1-mesh}: fills defaults on CREATE and UPDATE as a JSON Patch
 * (spec/kubernetes.md §7.5, Kuma's {@code webhooks/defaulter.go} and {@code MeshResource.Default}).
 *
 * <ul>
 *   <li>Mesh: each {@code prometheus} metrics backend gets {@code conf.port: 5670}, {@code
 *       conf.path: /metrics} and {@code conf.tags: {kuma.io/service: dataplane-metrics}} where they
 *       are absent, zero or empty.
 *   <li>MeshTrafficPermission, MeshAccessLog, MeshTrace (mesh in a label): the label {@code
 *       kuma.io/mesh: default} when absent; an existing label, even empty, is kept.
 * </ul>
 *
 * Nothing to change, or any other kind or operation, is allowed without a patch. A malformed body
 * is left alone: validation refuses it afterwards.
 */
public final class DefaultingWebhook implements AdmissionWebhook {
  static final String PROMETHEUS = "prometheus";
  static final int PROMETHEUS_PORT = 5670;
  static final String PROMETHEUS_PATH = "/metrics";
  static final String METRICS_SERVICE = "dataplane-metrics";
  static final String DEFAULT_MESH = "default";

  @Override
  public Verdict review(AdmissionRequest request) {
    Optional<KubernetesKind> kind = KumaObject.kumaKind(request.kind());
    boolean isWrite =
        request.operation() == Operation.CREATE || request.operation() == Operation.UPDATE;
    if (kind.isEmpty() || !isWrite || !request.hasObject()) {
      return Verdict.ALLOWED;
    }
    JsonNode object = request.object();
    if (kind.get().typeName().equals(ResourceTypes.MESH.name())) {
      return Verdict.patch(meshDefaults(object));
    }
    if (kind.get().mesh() == MeshPlacement.LABEL) {
      return Verdict.patch(meshLabel(object));
    }
    return Verdict.ALLOWED;
  }

  private static JsonPatch meshDefaults(JsonNode mesh) {
    JsonPatch.Builder patch = JsonPatch.builder();
    JsonNode backends = mesh.path("spec").path("metrics").path("backends");
    for (int i = 0; i < backends.size(); i++) {
      JsonNode backend = backends.get(i);
      if (!PROMETHEUS.equals(backend.path("type").asText(""))) {
        continue;
      }
      String at = JsonPatch.pointer("spec", "metrics", "backends", Integer.toString(i), "conf");
      JsonNode conf = backend.path("conf");
      if (conf.isMissingNode() || conf.isNull()) {
        ObjectNode filled = JsonNodeFactory.instance.objectNode();
        filled.put("port", PROMETHEUS_PORT);
        filled.put("path", PROMETHEUS_PATH);
        filled.set("tags", serviceTags());
        patch.add(at, filled);
        continue;
      }
      if (!conf.isObject()) {
        continue;
      }
      JsonNode port = conf.path("port");
      if (port.isMissingNode() || port.isNull() || (port.isNumber() && port.asLong() == 0)) {
        patch.add(at + "/port", JsonNodeFactory.instance.numberNode(PROMETHEUS_PORT));
      }
      JsonNode path = conf.path("path");
      if (path.isMissingNode() || path.isNull() || (path.isTextual() && path.asText().isEmpty())) {
        patch.add(at + "/path", PROMETHEUS_PATH);
      }
      JsonNode tags = conf.path("tags");
      if (tags.isMissingNode() || tags.isNull() || (tags.isObject() && tags.isEmpty())) {
        patch.add(at + "/tags", serviceTags());
      }
    }
    return patch.build();
  }

  private static ObjectNode serviceTags() {
    return JsonNodeFactory.instance.objectNode().put("kuma.io/service", METRICS_SERVICE);
  }

  private static JsonPatch meshLabel(JsonNode object) {
    JsonNode labels = object.path("metadata").path("labels");
    if (labels.isObject()) {
      if (labels.has(KubernetesKinds.MESH_KEY)) {
        return JsonPatch.EMPTY;
      }
      return JsonPatch.builder()
          .add(JsonPatch.pointer("metadata", "labels", KubernetesKinds.MESH_KEY), DEFAULT_MESH)
          .build();
    }
    return JsonPatch.builder()
        .add(
            JsonPatch.pointer("metadata", "labels"),
            JsonNodeFactory.instance.objectNode().put(KubernetesKinds.MESH_KEY, DEFAULT_MESH))
        .build();
  }
}
