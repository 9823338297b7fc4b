package io.portico.cp.k8s.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.Objects;

/**
 * The {@code request} of an {@code admission.k8s.io/v1} AdmissionReview: what is being done to
 * which object, and by whom. Immutable: the objects are deep copies.
 *
 * @param uid the request's id, echoed in the response
 * @param kind the object's group, version and kind ({@code kuma.io/v1alpha1 Mesh}, {@code /v1 Pod})
 * @param resource the resource's plural ({@code meshes}, {@code pods})
 * @param namespace the namespace of the request; empty for cluster-scoped objects
 * @param name the object's name; empty on a CREATE with {@code generateName}
 * @param operation what is being done
 * @param username who does it ({@code userInfo.username})
 * @param object the object after the operation; a missing node on DELETE
 * @param oldObject the object before the operation (UPDATE, DELETE); a missing node otherwise
 */
public record AdmissionRequest(
    String uid,
    Kind kind,
    String resource,
    String namespace,
    String name,
    Operation operation,
    String username,
    JsonNode object,
    JsonNode oldObject) {
  public AdmissionRequest {
    uid = uid == null ? "" : uid;
    Objects.requireNonNull(kind, "kind");
    resource = resource == null ? "" : resource;
    namespace = namespace == null ? "" : namespace;
    name = name == null ? "" : name;
    Objects.requireNonNull(operation, "operation");
    username = username == null ? "" : username;
    object = copy(object);
    oldObject = copy(oldObject);
  }

  @Override
  public JsonNode object() {
    return object.deepCopy();
  }

  @Override
  public JsonNode oldObject() {
    return oldObject.deepCopy();
  }

  /** Whether the request carries the object after the operation (not on DELETE). */
  public boolean hasObject() {
    return object.isObject();
  }

  /** Whether the request carries the object before the operation. */
  public boolean hasOldObject() {
    return oldObject.isObject();
  }

  private static JsonNode copy(JsonNode node) {
    return node == null || node.isNull() ? MissingNode.getInstance() : node.deepCopy();
  }

  /** {@code request.kind}: the object's group (empty for the core group), version and kind. */
  public record Kind(String group, String version, String kind) {
    public Kind {
      group = group == null ? "" : group;
      version = version == null ? "" : version;
      kind = kind == null ? "" : kind;
    }
  }

  /** {@code request.operation}. */
  public enum Operation {
    CREATE,
    UPDATE,
    DELETE,
    CONNECT
  }
}
