package io.portico.mesh.api.mesh;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Copies of free-form {@code conf} trees (protobuf {@code Struct}): specs keep their own copy and
 * hand out copies, so that a record stays immutable although JSON trees are not.
 */
final class Structs {
  private Structs() {}

  /** A deep copy; null for an absent or JSON-null tree. */
  static JsonNode copy(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    return node.deepCopy();
  }
}
