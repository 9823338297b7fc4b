package io.portico.cp.k8s.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.portico.cp.k8s.KubernetesSettings;
import io.portico.cp.k8s.webhook.AdmissionRequest.Operation;
import io.portico.cp.k8s.webhook.NamespaceLookup.NamespaceMetadata;
import io.portico.mesh.api.types.KubernetesKinds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code /inject-sidecar}: the minimal Portico injector (spec/kubernetes.md §6.5, no transparent
 * proxy). On Pod CREATE:
 *
 * <ol>
 *   <li>the pod's Namespace is read (the request's namespace; a missing one is an error);
 *   <li>{@link InjectionDecision} applies §6.2's rules; no injection is allowed unchanged;
 *   <li>the mesh is the pod annotation {@code kuma.io/mesh}, else the Namespace's, else {@code
 *       default}, and must exist ({@code meshes.kuma.io "<mesh>" not found});
 *   <li>the patch appends the {@link SidecarContainer} and sets the annotations {@code
 *       kuma.io/mesh}, {@code kuma.io/sidecar-injected: "true"}, {@code kuma.io/sidecar-uid},
 *       {@code kuma.io/envoy-admin-port} and {@code kuma.io/virtual-probes} ({@code disabled} for
 *       delegated gateway pods, {@code kuma.io/gateway: enabled}); never the transparent-proxying
 *       or DNS annotations, and no init container.
 * </ol>
 *
 * Every error is {@code allowed: false} with {@code status.code: 500} and the message (§6.3).
 * Builtin gateway pods carry {@code kuma.io/sidecar-injection: disabled} and are never injected.
 */
public final class SidecarInjectionWebhook implements AdmissionWebhook {
  static final String INJECTED = "kuma.io/sidecar-injected";
  static final String SIDECAR_UID = "kuma.io/sidecar-uid";
  static final String VIRTUAL_PROBES = "kuma.io/virtual-probes";
  static final String GATEWAY = "kuma.io/gateway";

  private final KubernetesSettings settings;
  private final boolean virtualProbesEnabled;
  private final NamespaceLookup namespaces;
  private final MeshLookup meshes;

  /**
   * @param settings the sidecar container, control-plane URL and CA, injection exceptions
   * @param virtualProbesEnabled {@code injector.virtualProbesEnabled} (Kuma's default: true), the
   *     value of {@code kuma.io/virtual-probes} for pods that do not set it
   * @param namespaces Namespace labels and annotations
   * @param meshes Mesh existence
   */
  public SidecarInjectionWebhook(
      KubernetesSettings settings,
      boolean virtualProbesEnabled,
      NamespaceLookup namespaces,
      MeshLookup meshes) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.virtualProbesEnabled = virtualProbesEnabled;
    this.namespaces = Objects.requireNonNull(namespaces, "namespaces");
    this.meshes = Objects.requireNonNull(meshes, "meshes");
  }

  @Override
  public Verdict review(AdmissionRequest request) {
    if (request.operation() != Operation.CREATE) {
      return Verdict.ALLOWED;
    }
    if (!request.hasObject()) {
      return new Verdict.Errored(400, "there is no content to decode");
    }
    try {
      return Verdict.patch(inject(request, request.object()));
    } catch (InjectionException e) {
      return new Verdict.Errored(500, e.getMessage());
    }
  }

  private JsonPatch inject(AdmissionRequest request, JsonNode pod) {
    String namespaceName = request.namespace();
    if (namespaceName.isEmpty()) {
      namespaceName = pod.path("metadata").path("namespace").asText("");
    }
    if (namespaceName.isEmpty()) {
      namespaceName = "default";
    }
    Optional<NamespaceMetadata> found = namespaces.namespace(namespaceName);
    if (found.isEmpty()) {
      throw new InjectionException(
          "could not retrieve namespace for pod: namespaces \"" + namespaceName + "\" not found");
    }
    NamespaceMetadata namespace = found.get();
    Map<String, String> labels = strings(pod.path("metadata").path("labels"));
    Map<String, String> annotations = strings(pod.path("metadata").path("annotations"));
    List<String> containerNames = new ArrayList<>();
    for (JsonNode container : pod.path("spec").path("containers")) {
      containerNames.add(container.path("name").asText(""));
    }
    InjectionDecision decision =
        InjectionDecision.decide(
            labels, annotations, containerNames, namespace, settings.injectionExceptionLabels());
    if (decision.outcome() == InjectionDecision.Outcome.ERROR) {
      throw new InjectionException(decision.error());
    }
    if (!decision.isInject()) {
      return JsonPatch.EMPTY;
    }
    String mesh = meshOf(annotations, namespace);
    if (meshes.meshUid(mesh).isEmpty()) {
      throw new InjectionException(OwnerReferenceWebhook.notFound("meshes", mesh));
    }

    SidecarContainer.Built sidecar =
        SidecarContainer.build(settings, annotations, mesh, pod.path("spec"));
    Map<String, String> added = new LinkedHashMap<>();
    added.put(KubernetesKinds.MESH_KEY, mesh);
    added.put(INJECTED, "true");
    added.put(SIDECAR_UID, Long.toString(settings.sidecar().uid()));
    added.put(SidecarContainer.ADMIN_PORT, Integer.toString(sidecar.adminPort()));
    added.put(VIRTUAL_PROBES, virtualProbes(annotations));

    JsonPatch.Builder patch = JsonPatch.builder();
    if (pod.path("metadata").path("annotations").isObject()) {
      added.forEach(
          (key, value) -> patch.add(JsonPatch.pointer("metadata", "annotations", key), value));
    } else {
      ObjectNode all = JsonNodeFactory.instance.objectNode();
      added.forEach(all::put);
      patch.add(JsonPatch.pointer("metadata", "annotations"), all);
    }
    patch.add(JsonPatch.pointer("spec", "containers", "-"), sidecar.container());
    return patch.build();
  }

  /** The pod annotation {@code kuma.io/mesh}, else the Namespace's, else {@code default}. */
  private static String meshOf(Map<String, String> annotations, NamespaceMetadata namespace) {
    String mesh = annotations.getOrDefault(KubernetesKinds.MESH_KEY, "");
    if (mesh.isEmpty()) {
      mesh = namespace.annotations().getOrDefault(KubernetesKinds.MESH_KEY, "");
    }
    return mesh.isEmpty() ? "default" : mesh;
  }

  /**
   * {@code disabled} for a delegated gateway pod (which may not ask for them), else the pod's value
   * or the configured default, as {@code enabled}/{@code disabled}.
   */
  private String virtualProbes(Map<String, String> annotations) {
    Optional<Boolean> asked = enabled(annotations, VIRTUAL_PROBES);
    if ("enabled".equals(annotations.get(GATEWAY))) {
      if (asked.orElse(false)) {
        throw new InjectionException("virtual probes can't be enabled in gateway mode");
      }
      return "disabled";
    }
    return asked.orElse(virtualProbesEnabled) ? "enabled" : "disabled";
  }

  /** Kuma's {@code GetEnabled}: {@code enabled|true}, {@code disabled|false}, else an error. */
  private static Optional<Boolean> enabled(Map<String, String> annotations, String key) {
    String value = annotations.get(key);
    if (value == null) {
      return Optional.empty();
    }
    return switch (value) {
      case "enabled", "true" -> Optional.of(true);
      case "disabled", "false" -> Optional.of(false);
      default ->
          throw new InjectionException(
              "annotation \"" + key + "\" has wrong value \"" + value + "\"");
    };
  }

  private static Map<String, String> strings(JsonNode map) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : map.properties()) {
      if (e.getValue().isTextual()) {
        out.put(e.getKey(), e.getValue().asText());
      }
    }
    return out;
  }
}
