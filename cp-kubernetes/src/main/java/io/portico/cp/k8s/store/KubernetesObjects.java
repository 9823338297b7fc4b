package io.portico.cp.k8s.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.ResourceMeta;
import io.portico.mesh.api.ResourceSpec;
import io.portico.mesh.api.ResourceType;
import io.portico.mesh.api.codec.ResourceCodec;
import io.portico.mesh.api.types.KubernetesKinds;
import io.portico.mesh.api.types.KubernetesKinds.KubernetesKind;
import io.portico.mesh.api.types.KubernetesKinds.MeshPlacement;
import io.portico.mesh.api.validation.ValidationException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Converts between resources and the Kubernetes objects that hold them (spec/kubernetes.md §2–§3):
 * a custom resource of {@code kuma.io/v1alpha1} with the body under {@code spec} (or {@code
 * status}) and the mesh in a {@code mesh} field, a label or an annotation; a {@code v1/Secret} of
 * type {@code system.kuma.io/secret} (or {@code global-secret}) with the bytes in {@code
 * data.value}.
 *
 * <p>Meta: the version is {@code metadata.resourceVersion} (numeric, as etcd's); the creation and
 * the modification time are both {@code metadata.creationTimestamp}, as Kuma 2.0 reports them.
 */
final class KubernetesObjects {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String SECRET_VALUE = "value";

  private final ResourceCodec codec;

  KubernetesObjects(ResourceCodec codec) {
    this.codec = codec;
  }

  /** The Kuma name of an object. */
  static String kumaName(KubernetesKind kind, HasMetadata object) {
    return KubernetesKinds.kumaName(
        kind, object.getMetadata().getName(), object.getMetadata().getNamespace());
  }

  /**
   * The mesh an object belongs to.
   *
   * @param namespaceMesh the {@code kuma.io/mesh} annotation of a namespace, by name (for {@link
   *     MeshPlacement#ANNOTATION})
   */
  static String meshOf(
      KubernetesKind kind, HasMetadata object, Function<String, String> namespaceMesh) {
    ObjectMeta meta = object.getMetadata();
    return switch (kind.mesh()) {
      case NONE -> "";
      case FIELD -> {
        Object mesh =
            object instanceof GenericKubernetesResource g
                ? g.getAdditionalProperties().get("mesh")
                : null;
        yield mesh instanceof String s ? s : "";
      }
      case LABEL -> {
        String mesh =
            meta.getLabels() == null ? null : meta.getLabels().get(KubernetesKinds.MESH_KEY);
        yield mesh == null || mesh.isEmpty() ? "default" : mesh;
      }
      case ANNOTATION -> {
        String mesh =
            meta.getAnnotations() == null
                ? null
                : meta.getAnnotations().get(KubernetesKinds.MESH_KEY);
        if (mesh == null || mesh.isEmpty()) {
          mesh = meta.getNamespace() == null ? null : namespaceMesh.apply(meta.getNamespace());
        }
        yield mesh == null || mesh.isEmpty() ? "default" : mesh;
      }
    };
  }

  /**
   * The resource an object holds.
   *
   * @throws ValidationException when its body is not a valid spec of the type
   */
  <S extends ResourceSpec> Resource<S> toResource(
      ResourceType<S> type, KubernetesKind kind, HasMetadata object, String mesh) {
    JsonNode body;
    if (object instanceof Secret secret) {
      ObjectNode tree = JsonNodeFactory.instance.objectNode();
      String value = secret.getData() == null ? null : secret.getData().get(SECRET_VALUE);
      if (value != null) {
        tree.put("data", value);
      }
      body = tree;
    } else {
      Object raw =
          ((GenericKubernetesResource) object).getAdditionalProperties().get(kind.bodyField());
      body = raw == null ? JsonNodeFactory.instance.objectNode() : JSON.valueToTree(raw);
    }
    S spec = codec.specFromTree(type, body);
    return new Resource<>(type, meta(kind, object, mesh), spec);
  }

  /** Name, mesh, version and times of an object. */
  static ResourceMeta meta(KubernetesKind kind, HasMetadata object, String mesh) {
    ObjectMeta meta = object.getMetadata();
    Instant created =
        meta.getCreationTimestamp() == null ? null : Instant.parse(meta.getCreationTimestamp());
    return new ResourceMeta(mesh, kumaName(kind, object), version(object), created, created);
  }

  /** {@code metadata.resourceVersion} as a number (0 when absent). */
  static long version(HasMetadata object) {
    String rv = object.getMetadata().getResourceVersion();
    if (rv == null || rv.isEmpty()) {
      return 0;
    }
    try {
      return Long.parseLong(rv);
    } catch (NumberFormatException e) {
      throw new IllegalStateException(
          "resourceVersion \""
              + rv
              + "\" of "
              + object.getMetadata().getName()
              + " is not a number");
    }
  }

  /**
   * A new object holding a resource.
   *
   * @param namespace the namespace of a namespaced kind (from the Kuma name, or the system
   *     namespace for secrets); null for cluster-scoped kinds
   * @param name the Kubernetes name
   * @param owner the owner reference to set, or null
   */
  HasMetadata toObject(
      KubernetesKind kind,
      Resource<?> resource,
      String namespace,
      String name,
      OwnerReference owner) {
    ObjectMeta meta = new ObjectMeta();
    meta.setName(name);
    meta.setNamespace(namespace);
    if (owner != null) {
      meta.setOwnerReferences(List.of(owner));
    }
    applyMesh(kind, meta, resource.mesh());
    ObjectNode body = codec.specToTree(resource.spec());
    if (kind.isSecret()) {
      Secret secret = new Secret();
      secret.setApiVersion("v1");
      secret.setKind("Secret");
      secret.setMetadata(meta);
      secret.setType(kind.secretType());
      Map<String, String> data = new HashMap<>();
      data.put(SECRET_VALUE, body.path("data").asText(""));
      secret.setData(data);
      return secret;
    }
    GenericKubernetesResource object = new GenericKubernetesResource();
    object.setApiVersion(kind.apiVersion());
    object.setKind(kind.kind());
    object.setMetadata(meta);
    if (kind.mesh() == MeshPlacement.FIELD) {
      object.setAdditionalProperty("mesh", resource.mesh());
    }
    object.setAdditionalProperty(kind.bodyField(), JSON.convertValue(body, Map.class));
    return object;
  }

  /** The same object with another body (and mesh), for an update. */
  HasMetadata withBody(
      KubernetesKind kind, HasMetadata current, Resource<?> resource, long version) {
    HasMetadata next =
        toObject(
            kind,
            resource,
            current.getMetadata().getNamespace(),
            current.getMetadata().getName(),
            null);
    ObjectMeta meta = current.getMetadata();
    ObjectMeta copy =
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder(meta)
            .withResourceVersion(Long.toString(version))
            .build();
    applyMesh(kind, copy, resource.mesh());
    next.setMetadata(copy);
    if (current instanceof GenericKubernetesResource g
        && next instanceof GenericKubernetesResource n) {
      g.getAdditionalProperties()
          .forEach(
              (key, value) -> {
                if (!key.equals(kind.bodyField()) && !key.equals("mesh")) {
                  n.setAdditionalProperty(key, value);
                }
              });
    }
    return next;
  }

  private static void applyMesh(KubernetesKind kind, ObjectMeta meta, String mesh) {
    if (kind.mesh() == MeshPlacement.LABEL) {
      Map<String, String> labels =
          meta.getLabels() == null ? new HashMap<>() : new HashMap<>(meta.getLabels());
      labels.put(KubernetesKinds.MESH_KEY, mesh);
      meta.setLabels(labels);
    } else if (kind.mesh() == MeshPlacement.ANNOTATION) {
      Map<String, String> annotations =
          meta.getAnnotations() == null ? new HashMap<>() : new HashMap<>(meta.getAnnotations());
      annotations.put(KubernetesKinds.MESH_KEY, mesh);
      meta.setAnnotations(annotations);
    }
  }
}
