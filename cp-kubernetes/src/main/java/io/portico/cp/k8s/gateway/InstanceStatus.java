package io.portico.cp.k8s.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * The {@code status} of a MeshGatewayInstance (spec/kubernetes.md §4.6): its conditions and the
 * load-balancer status copied from its Service.
 *
 * @param conditions every condition, in order (this controller writes only {@code Ready})
 * @param loadBalancer {@code status.loadBalancer}, a JSON tree; null when absent (read) or to be
 *     left as it is (written)
 */
public record InstanceStatus(List<Condition> conditions, JsonNode loadBalancer) {
  /** The one condition type this controller sets. */
  public static final String READY = "Ready";

  public static final InstanceStatus EMPTY = new InstanceStatus(List.of(), null);

  public InstanceStatus {
    conditions = List.copyOf(conditions);
    loadBalancer = loadBalancer == null ? null : loadBalancer.deepCopy();
  }

  @Override
  public JsonNode loadBalancer() {
    return loadBalancer == null ? null : loadBalancer.deepCopy();
  }

  /** The condition of this type, if present. */
  public java.util.Optional<Condition> condition(String type) {
    return conditions.stream().filter(c -> c.type().equals(type)).findFirst();
  }

  /**
   * The JSON merge patch (RFC 7386) that writes this status onto the {@code status} subresource:
   * {@code {"status":{"conditions":[...],"loadBalancer":{...}}}}, without {@code loadBalancer} when
   * it is to be left as it is. Lists are replaced whole by a merge patch, so the conditions are
   * written in full.
   */
  public String mergePatch() {
    ObjectNode status = JsonNodeFactory.instance.objectNode();
    ArrayNode list = status.putArray("conditions");
    conditions.forEach(c -> list.add(c.toTree()));
    if (loadBalancer != null) {
      status.set("loadBalancer", loadBalancer.deepCopy());
    }
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    patch.set("status", status);
    return patch.toString();
  }

  /**
   * One {@code metav1.Condition}.
   *
   * @param type e.g. {@code Ready}
   * @param status {@code True}, {@code False} or {@code Unknown}
   * @param reason a CamelCase reason
   * @param message a human-readable message, possibly empty
   * @param observedGeneration the {@code metadata.generation} the condition was computed from
   * @param lastTransitionTime when {@code status} last changed, at second precision (as {@code
   *     metav1.Time} keeps it)
   */
  public record Condition(
      String type,
      String status,
      String reason,
      String message,
      long observedGeneration,
      Instant lastTransitionTime) {
    public Condition {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(status, "status");
      reason = reason == null ? "" : reason;
      message = message == null ? "" : message;
      Objects.requireNonNull(lastTransitionTime, "lastTransitionTime");
      lastTransitionTime = lastTransitionTime.truncatedTo(ChronoUnit.SECONDS);
    }

    /**
     * The condition as {@code metav1.Condition} writes it ({@code observedGeneration} 0 left out).
     */
    ObjectNode toTree() {
      ObjectNode node = JsonNodeFactory.instance.objectNode();
      node.put("type", type);
      node.put("status", status);
      if (observedGeneration != 0) {
        node.put("observedGeneration", observedGeneration);
      }
      node.put("lastTransitionTime", lastTransitionTime.toString());
      node.put("reason", reason);
      node.put("message", message);
      return node;
    }
  }
}
