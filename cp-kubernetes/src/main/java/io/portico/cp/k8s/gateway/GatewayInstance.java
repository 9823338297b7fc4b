package io.portico.cp.k8s.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.portico.mesh.api.SpecValues;
import io.portico.mesh.api.codec.ResourceCodec;
import io.portico.mesh.api.gateway.MeshGatewayInstanceSpec;
import io.portico.mesh.api.types.KubernetesKinds;
import io.portico.mesh.api.types.ResourceTypes;
import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the controller reads of one MeshGatewayInstance object (spec/kubernetes.md §4.1): identity,
 * annotations (mesh and proxy knobs), the spec, and the status it last wrote.
 *
 * @param namespace {@code metadata.namespace}
 * @param name {@code metadata.name}
 * @param uid {@code metadata.uid}, for the owner references of what it controls
 * @param generation {@code metadata.generation}, reported as the condition's observed generation
 * @param annotations {@code metadata.annotations}
 * @param spec the spec, CRD defaults applied by {@link MeshGatewayInstanceSpec} and by the emitters
 *     (D3)
 * @param status the current {@code status}, {@link InstanceStatus#EMPTY} when none
 * @param isBeingDeleted whether {@code metadata.deletionTimestamp} is set: the object is gone for
 *     the controller (D4)
 */
public record GatewayInstance(
    String namespace,
    String name,
    String uid,
    long generation,
    Map<String, String> annotations,
    MeshGatewayInstanceSpec spec,
    InstanceStatus status,
    boolean isBeingDeleted) {
  /** The mesh when neither the instance nor its Namespace names one. */
  public static final String DEFAULT_MESH = "default";

  private static final ObjectMapper TREES = new ObjectMapper();

  public GatewayInstance {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    uid = uid == null ? "" : uid;
    annotations = SpecValues.tags(annotations);
    Objects.requireNonNull(spec, "spec");
    status = status == null ? InstanceStatus.EMPTY : status;
  }

  /**
   * The instance held in a {@code kuma.io/v1alpha1} {@code MeshGatewayInstance} object, its spec
   * bound with the codec. An empty {@code spec.serviceType} counts as absent (D3).
   *
   * @throws io.portico.mesh.api.validation.ValidationException naming every field that cannot be
   *     read
   */
  public static GatewayInstance of(GenericKubernetesResource object, ResourceCodec codec) {
    ObjectMeta meta = Objects.requireNonNull(object.getMetadata(), "metadata");
    Map<String, Object> body = object.getAdditionalProperties();
    JsonNode spec = TREES.valueToTree(body.get("spec"));
    if (spec instanceof ObjectNode o
        && o.path("serviceType").isTextual()
        && o.path("serviceType").asText().isEmpty()) {
      o.remove("serviceType");
    }
    MeshGatewayInstanceSpec instanceSpec =
        codec.specFromTree(ResourceTypes.MESH_GATEWAY_INSTANCE, spec);
    return new GatewayInstance(
        meta.getNamespace(),
        meta.getName(),
        meta.getUid(),
        meta.getGeneration() == null ? 0 : meta.getGeneration(),
        meta.getAnnotations(),
        instanceSpec,
        status(TREES.valueToTree(body.get("status"))),
        meta.getDeletionTimestamp() != null && !meta.getDeletionTimestamp().isEmpty());
  }

  private static InstanceStatus status(JsonNode status) {
    if (status == null || !status.isObject()) {
      return InstanceStatus.EMPTY;
    }
    Errors errors = new Errors();
    List<InstanceStatus.Condition> conditions = new ArrayList<>();
    JsonNode list = status.path("conditions");
    for (int i = 0; i < list.size(); i++) {
      JsonNode c = list.get(i);
      Path path = Path.of("status").field("conditions").index(i);
      Instant time = Instant.EPOCH;
      String text = c.path("lastTransitionTime").asText("");
      try {
        time = OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException e) {
        errors.add(
            path.field("lastTransitionTime"), "must be an RFC 3339 time, got \"" + text + "\"");
      }
      conditions.add(
          new InstanceStatus.Condition(
              c.path("type").asText(""),
              c.path("status").asText(""),
              c.path("reason").asText(""),
              c.path("message").asText(""),
              c.path("observedGeneration").asLong(0),
              time));
    }
    errors.throwIfAny();
    JsonNode loadBalancer = status.get("loadBalancer");
    return new InstanceStatus(
        conditions, loadBalancer == null || loadBalancer.isNull() ? null : loadBalancer);
  }

  /**
   * The instance's mesh: annotation {@code kuma.io/mesh} of the instance, else of its Namespace,
   * else {@code default}; empty values are ignored (spec/kubernetes.md §4.1, Kuma 2.0.8's {@code
   * util.MeshOf}).
   *
   * @param namespaceAnnotations the annotations of the instance's Namespace
   */
  public String mesh(Map<String, String> namespaceAnnotations) {
    String own = annotations.getOrDefault(KubernetesKinds.MESH_KEY, "");
    if (!own.isEmpty()) {
      return own;
    }
    String inherited =
        namespaceAnnotations == null
            ? ""
            : Objects.requireNonNullElse(namespaceAnnotations.get(KubernetesKinds.MESH_KEY), "");
    return inherited.isEmpty() ? DEFAULT_MESH : inherited;
  }

  /** {@code <namespace>/<name>}, as Kuma names the instance in messages. */
  public String qualifiedName() {
    return namespace + "/" + name;
  }

  /** A copy with another spec; for tests and callers that derive instances. */
  public GatewayInstance withSpec(MeshGatewayInstanceSpec newSpec) {
    return new GatewayInstance(
        namespace, name, uid, generation, annotations, newSpec, status, isBeingDeleted);
  }

  /** A copy with other annotations. */
  public GatewayInstance withAnnotations(Map<String, String> newAnnotations) {
    return new GatewayInstance(
        namespace, name, uid, generation, newAnnotations, spec, status, isBeingDeleted);
  }

  /** A copy with another status, e.g. the one a plan wrote. */
  public GatewayInstance withStatus(InstanceStatus newStatus) {
    return new GatewayInstance(
        namespace, name, uid, generation, annotations, spec, newStatus, isBeingDeleted);
  }
}
