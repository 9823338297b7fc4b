package io.portico.cp.k8s.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Applies a JSON Patch (RFC 6902) to a document as the API server does, for the operations the
 * webhooks emit ({@code add}; {@code replace} and {@code remove} for completeness). Fails on a path
 * whose parent does not exist, as the API server refuses such a patch.
 */
final class JsonPatchApplier {
  private JsonPatchApplier() {}

  static JsonNode apply(ArrayNode patch, JsonNode document) {
    JsonNode doc = document.deepCopy();
    for (JsonNode op : patch) {
      String path = op.path("path").asText();
      String kind = op.path("op").asText();
      int slash = path.lastIndexOf('/');
      JsonNode parent = doc.at(path.substring(0, slash));
      String last = unescape(path.substring(slash + 1));
      switch (kind) {
        case "add", "replace" -> set(parent, last, op.get("value"), kind.equals("add"), path);
        case "remove" -> remove(parent, last, path);
        default -> throw new IllegalArgumentException("unsupported op " + kind);
      }
    }
    return doc;
  }

  private static void set(
      JsonNode parent, String last, JsonNode value, boolean isAdd, String path) {
    if (parent instanceof ObjectNode object) {
      if (!isAdd && !object.has(last)) {
        throw new IllegalArgumentException("replace of a missing member " + path);
      }
      object.set(last, value.deepCopy());
    } else if (parent instanceof ArrayNode array) {
      if (last.equals("-")) {
        array.add(value.deepCopy());
      } else if (isAdd) {
        array.insert(Integer.parseInt(last), value.deepCopy());
      } else {
        array.set(Integer.parseInt(last), value.deepCopy());
      }
    } else {
      throw new IllegalArgumentException("no parent for " + path);
    }
  }

  private static void remove(JsonNode parent, String last, String path) {
    if (parent instanceof ObjectNode object && object.has(last)) {
      object.remove(last);
    } else if (parent instanceof ArrayNode array) {
      array.remove(Integer.parseInt(last));
    } else {
      throw new IllegalArgumentException("nothing to remove at " + path);
    }
  }

  private static String unescape(String segment) {
    return segment.replace("~1", "/").replace("~0", "~");
  }
}
