package io.portico.cp.k8s.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.ResourceMeta;
import io.portico.mesh.api.ResourceSpec;
import io.portico.mesh.api.ResourceType;
import io.portico.mesh.api.SpecShape;
import io.portico.mesh.api.codec.ResourceCodec;
import io.portico.mesh.api.types.KubernetesKinds;
import io.portico.mesh.api.types.KubernetesKinds.KubernetesKind;
import io.portico.mesh.api.types.KubernetesKinds.MeshPlacement;
import io.portico.mesh.api.validation.ValidationException;
import io.portico.mesh.api.validation.Violation;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A custom resource of a Kuma kind as it arrives in an admission request: its Kuma name and mesh
 * (spec/kubernetes.md §2.2–§2.3) and the resource it holds. Immutable.
 *
 * @param kind the kind's Kubernetes form
 * @param type the kind's resource type
 * @param object the object; a deep copy
 * @param namespace its namespace ({@code metadata.namespace}, else the request's); empty for
 *     cluster-scoped kinds
 */
record KumaObject(KubernetesKind kind, ResourceType<?> type, JsonNode object, String namespace) {
  /** Not a Kuma resource on Kubernetes, though Portico types it (§2.2, §4). */
  static final String MESH_GATEWAY_INSTANCE = "MeshGatewayInstance";

  /** Kuma's mesh charset (pkg/core/resources/apis/mesh/mesh_helpers.go, ValidateMesh). */
  private static final Pattern MESH_CHARSET = Pattern.compile("^[0-9a-z\\-_]*$");

  KumaObject {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(type, "type");
    object = object.deepCopy();
    namespace = namespace == null ? "" : namespace;
  }

  /**
   * The Kuma kind of a request: a {@code kuma.io} custom resource registered as a Kuma resource —
   * not a Secret, not a MeshGatewayInstance, not a ContainerPatch (§7.3 step 1).
   */
  static Optional<KubernetesKind> kumaKind(AdmissionRequest.Kind requestKind) {
    if (!KubernetesKinds.GROUP.equals(requestKind.group())
        || MESH_GATEWAY_INSTANCE.equals(requestKind.kind())) {
      return Optional.empty();
    }
    return KubernetesKinds.of(requestKind.kind()).filter(k -> !k.isSecret());
  }

  /**
   * The object of a request of a Kuma kind; {@code object} is the request's object or oldObject.
   */
  static KumaObject of(
      KubernetesKind kind, ResourceCodec codec, AdmissionRequest request, JsonNode object) {
    ResourceType<?> type =
        codec
            .types()
            .byName(kind.typeName())
            .orElseThrow(() -> new IllegalStateException("no resource type " + kind.typeName()));
    String namespace = "";
    if (kind.isNamespaced()) {
      namespace = text(object.path("metadata"), "namespace");
      if (namespace.isEmpty()) {
        namespace = request.namespace();
      }
    }
    return new KumaObject(kind, type, object, namespace);
  }

  @Override
  public JsonNode object() {
    return object.deepCopy();
  }

  /** {@code metadata.name}. */
  String name() {
    return text(object.path("metadata"), "name");
  }

  /** {@code kind}, as written in the object. */
  String objectKind() {
    String written = text(object, "kind");
    return written.isEmpty() ? kind.kind() : written;
  }

  /** The Kuma name: {@code metadata.name}, or {@code <name>.<namespace>} for namespaced kinds. */
  String kumaName() {
    return KubernetesKinds.kumaName(kind, name(), namespace);
  }

  /**
   * The mesh (§2.2): the top-level {@code mesh} field, or the label {@code kuma.io/mesh} with
   * {@code default} when absent or empty; empty for kinds that are not mesh-scoped.
   */
  String mesh() {
    if (kind.mesh() == MeshPlacement.FIELD) {
      return text(object, "mesh");
    }
    if (kind.mesh() == MeshPlacement.LABEL) {
      String label = text(object.path("metadata").path("labels"), KubernetesKinds.MESH_KEY);
      return label.isEmpty() ? "default" : label;
    }
    return "";
  }

  /** Whether the kind belongs to a mesh. */
  boolean isMeshScoped() {
    return type.isMeshScoped();
  }

  /**
   * Kuma's mesh check (§7.3 step 6): empty, or characters out of {@code [0-9a-z-_]}, at field
   * {@code mesh}. Nothing for kinds that are not mesh-scoped.
   */
  List<Violation> meshViolations() {
    if (!isMeshScoped()) {
      return List.of();
    }
    String mesh = mesh();
    if (mesh.isEmpty()) {
      return List.of(new Violation("mesh", "cannot be empty"));
    }
    if (!MESH_CHARSET.matcher(mesh).matches()) {
      return List.of(
          new Violation(
              "mesh",
              "invalid characters. Valid characters are numbers, lowercase latin letters and '-',"
                  + " '_' symbols."));
    }
    return List.of();
  }

  /**
   * The resource the object holds: its body ({@code spec}, or {@code status} for insights) bound to
   * the type's spec.
   *
   * @throws ValidationException when the body does not bind, with {@link #specPath} fields
   */
  Resource<?> toResource(ResourceCodec codec) {
    return bind(codec, type);
  }

  private <S extends ResourceSpec> Resource<S> bind(ResourceCodec codec, ResourceType<S> t) {
    S spec;
    try {
      spec = codec.specFromTree(t, object.path(kind.bodyField()));
    } catch (ValidationException e) {
      throw new ValidationException(e.violations().stream().map(this::specPath).toList());
    }
    return new Resource<>(t, ResourceMeta.of(isMeshScoped() ? mesh() : "", kumaName()), spec);
  }

  /**
   * A spec violation as Kubernetes users see it (§7.3 step 7): rooted at the body field ({@code
   * spec.conf.listeners[0].port}). Targetref policies already root their paths at {@code spec}.
   */
  Violation specPath(Violation v) {
    if (type.shape() == SpecShape.NESTED) {
      return v;
    }
    String root = kind.bodyField();
    return new Violation(v.field().isEmpty() ? root : root + "." + v.field(), v.message());
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isTextual() ? value.asText() : "";
  }
}
