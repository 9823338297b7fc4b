package io.portico.cp.k8s.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.portico.cp.k8s.webhook.AdmissionRequest.Operation;
import io.portico.mesh.api.codec.ResourceCodec;
import io.portico.mesh.api.types.KubernetesKinds;
import io.portico.mesh.api.types.KubernetesKinds.KubernetesKind;
import io.portico.mesh.api.types.ResourceTypes;
import io.portico.mesh.api.validation.Violation;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code /owner-reference-kuma-io-v1alpha1}: on CREATE of a mesh-scoped Kuma resource, a JSON Patch
 * making its Mesh an owner, so that deleting the Mesh deletes it (spec/kubernetes.md §3.3, §7.5,
 * Kuma's {@code webhooks/owner_reference_mutator.go}). A DataplaneInsight is owned by its Dataplane
 * (same name and namespace) instead.
 *
 * <p>In order: the mesh is checked first (invalid 422 {@code mesh: cannot be empty}, the message
 * users see for a policy without mesh, since this runs before validation); the owner must exist
 * (errored 400 {@code meshes.kuma.io "<mesh>" not found}, {@code dataplanes.kuma.io "<name>" not
 * found}); then the patch adds {@code {apiVersion: kuma.io/v1alpha1, kind, name, uid}} (not a
 * controller) to {@code metadata.ownerReferences}, replacing a reference to the same owner.
 *
 * <p>Other operations, and kinds that are not mesh-scoped Kuma resources, are allowed unchanged.
 */
public final class OwnerReferenceWebhook implements AdmissionWebhook {
  private final ResourceCodec codec;
  private final MeshLookup meshes;

  public OwnerReferenceWebhook(ResourceCodec codec, MeshLookup meshes) {
    this.codec = Objects.requireNonNull(codec, "codec");
    this.meshes = Objects.requireNonNull(meshes, "meshes");
  }

  @Override
  public Verdict review(AdmissionRequest request) {
    Optional<KubernetesKind> kumaKind = KumaObject.kumaKind(request.kind());
    if (request.operation() != Operation.CREATE || kumaKind.isEmpty()) {
      return Verdict.ALLOWED;
    }
    if (!request.hasObject()) {
      return new Verdict.Errored(400, "there is no content to decode");
    }
    KumaObject object = KumaObject.of(kumaKind.get(), codec, request, request.object());
    if (!object.isMeshScoped()) {
      return Verdict.ALLOWED;
    }
    List<Violation> meshViolations = object.meshViolations();
    if (!meshViolations.isEmpty()) {
      return new Verdict.Invalid(object.name(), object.objectKind(), meshViolations);
    }
    ObjectNode owner;
    if (object.kind().typeName().equals(ResourceTypes.DATAPLANE_INSIGHT.name())) {
      Optional<String> uid = meshes.dataplaneUid(object.namespace(), object.name());
      if (uid.isEmpty()) {
        return new Verdict.Errored(400, notFound("dataplanes", object.name()));
      }
      owner = reference("Dataplane", object.name(), uid.get());
    } else {
      Optional<String> uid = meshes.meshUid(object.mesh());
      if (uid.isEmpty()) {
        return new Verdict.Errored(400, notFound("meshes", object.mesh()));
      }
      owner = reference("Mesh", object.mesh(), uid.get());
    }
    return Verdict.patch(patch(object.object().path("metadata"), owner));
  }

  /** The API server's not-found text, {@code <plural>.kuma.io "<name>" not found}. */
  static String notFound(String plural, String name) {
    return plural + "." + KubernetesKinds.GROUP + " \"" + name + "\" not found";
  }

  private static ObjectNode reference(String kind, String name, String uid) {
    ObjectNode ref = JsonNodeFactory.instance.objectNode();
    ref.put("apiVersion", KubernetesKinds.API_VERSION);
    ref.put("kind", kind);
    ref.put("name", name);
    ref.put("uid", uid);
    return ref;
  }

  /**
   * Adds the reference, or replaces the one to the same owner (same API group, kind and name, as
   * controller-runtime's {@code SetOwnerReference}); nothing when it is already there.
   */
  private static JsonPatch patch(JsonNode metadata, ObjectNode owner) {
    JsonNode refs = metadata.path("ownerReferences");
    if (!refs.isArray()) {
      return JsonPatch.builder()
          .add(
              JsonPatch.pointer("metadata", "ownerReferences"),
              JsonNodeFactory.instance.arrayNode().add(owner))
          .build();
    }
    for (int i = 0; i < refs.size(); i++) {
      JsonNode ref = refs.get(i);
      if (isSameOwner(ref, owner)) {
        if (ref.equals(owner)) {
          return JsonPatch.EMPTY;
        }
        return JsonPatch.builder()
            .replace(JsonPatch.pointer("metadata", "ownerReferences", Integer.toString(i)), owner)
            .build();
      }
    }
    return JsonPatch.builder()
        .add(JsonPatch.pointer("metadata", "ownerReferences", "-"), owner)
        .build();
  }

  private static boolean isSameOwner(JsonNode ref, JsonNode owner) {
    return group(ref.path("apiVersion").asText("")).equals(group(owner.path("apiVersion").asText()))
        && ref.path("kind").asText("").equals(owner.path("kind").asText())
        && ref.path("name").asText("").equals(owner.path("name").asText());
  }

  private static String group(String apiVersion) {
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }
}
