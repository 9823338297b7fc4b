package io.portico.cli.install;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * The parts every Kubernetes object tree of this package starts with: {@code apiVersion}, {@code
 * kind} and {@code metadata} (name, namespace for namespaced objects, labels), in that field order.
 */
final class KubeObjects {
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private KubeObjects() {}

  /** A cluster-scoped object without labels. */
  static ObjectNode object(String apiVersion, String kind, String name) {
    return object(apiVersion, kind, name, null, Map.of());
  }

  /**
   * An object with its metadata.
   *
   * @param namespace null for cluster-scoped objects
   * @param labels written in the map's iteration order; none when empty
   */
  static ObjectNode object(
      String apiVersion, String kind, String name, String namespace, Map<String, String> labels) {
    ObjectNode object = NODES.objectNode();
    object.put("apiVersion", apiVersion);
    object.put("kind", kind);
    ObjectNode metadata = object.putObject("metadata");
    metadata.put("name", name);
    if (namespace != null) {
      metadata.put("namespace", namespace);
    }
    if (!labels.isEmpty()) {
      metadata.set("labels", strings(labels));
    }
    return object;
  }

  /** A string map as an object, in the map's iteration order. */
  static ObjectNode strings(Map<String, String> values) {
    ObjectNode node = NODES.objectNode();
    values.forEach(node::put);
    return node;
  }

  /** A list of strings. */
  static ArrayNode strings(List<String> values) {
    ArrayNode node = NODES.arrayNode();
    values.forEach(node::add);
    return node;
  }
}
