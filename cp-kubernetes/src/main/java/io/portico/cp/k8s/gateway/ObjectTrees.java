package io.portico.cp.k8s.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The bridge between fabric8's model objects (serialized by fabric8 with Jackson 3) and the Jackson
 * 2 trees the rest of Portico uses: objects cross as JSON text. Pure: no I/O.
 */
final class ObjectTrees {
  private static final KubernetesSerialization FABRIC8 = new KubernetesSerialization();
  private static final ObjectMapper JACKSON = new ObjectMapper();

  private ObjectTrees() {}

  /** A deep copy of a fabric8 model object. */
  static <T> T copy(T object) {
    return FABRIC8.clone(object);
  }

  /** The object as the API server would receive it, as a Jackson 2 tree. */
  static JsonNode toTree(Object object) {
    try {
      return JACKSON.readTree(FABRIC8.asJson(object));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("fabric8 wrote JSON that does not parse", e);
    }
  }

  /**
   * A fabric8 model object read from a Jackson 2 tree.
   *
   * @throws IllegalArgumentException naming the type when the tree does not fit it
   */
  static <T> T fromTree(JsonNode tree, Class<T> type) {
    try {
      return FABRIC8.unmarshal(tree.toString(), type);
    } catch (RuntimeException e) {
      Throwable cause = e;
      while (cause.getCause() != null) {
        cause = cause.getCause();
      }
      throw new IllegalArgumentException(
          "expected a " + type.getSimpleName() + ": " + firstLine(cause.getMessage()), e);
    }
  }

  /** The object as YAML, as fabric8 writes it (for goldens and logs). */
  static String toYaml(Object object) {
    return FABRIC8.asYaml(object);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "not readable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
