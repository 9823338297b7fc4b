package io.portico.cp.k8s.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * JSON merge patches (RFC 7386) between two states of one object, as controller-runtime's {@code
 * client.MergeFrom(original)} computes them for Kuma's controller (spec/kubernetes.md §4.3):
 * changed fields are written, removed fields are set to {@code null}, lists are replaced whole. The
 * CRUD mock of fabric8 and every API server accept this patch type ({@code
 * application/merge-patch+json}); strategic merge is not used.
 */
public final class MergePatch {
  /** The patch of two equal objects. */
  public static final String EMPTY = "{}";

  private MergePatch() {}

  /** The merge patch that turns {@code before} into {@code after}; {@link #EMPTY} when equal. */
  public static String between(Object before, Object after) {
    return diff(ObjectTrees.toTree(before), ObjectTrees.toTree(after)).toString();
  }

  /** The merge patch between two JSON objects. */
  static ObjectNode diff(JsonNode before, JsonNode after) {
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    for (Map.Entry<String, JsonNode> field : before.properties()) {
      if (!after.has(field.getKey())) {
        patch.putNull(field.getKey());
      }
    }
    for (Map.Entry<String, JsonNode> field : after.properties()) {
      JsonNode old = before.get(field.getKey());
      JsonNode now = field.getValue();
      if (old == null || (!(old.isObject() && now.isObject()) && !old.equals(now))) {
        patch.set(field.getKey(), now);
      } else if (old.isObject() && now.isObject() && !old.equals(now)) {
        patch.set(field.getKey(), diff(old, now));
      }
    }
    return patch;
  }
}
