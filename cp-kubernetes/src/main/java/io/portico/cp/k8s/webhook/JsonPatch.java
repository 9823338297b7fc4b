package io.portico.cp.k8s.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A JSON Patch (RFC 6902) of the operations the mutating webhooks need: {@code add}, which on an
 * object member sets it whether or not it exists, on an array index inserts, and at {@code /-}
 * appends (§4.1); and {@code replace}, which sets an existing array element (§4.3). Immutable.
 */
public record JsonPatch(List<Operation> operations) {
  public static final JsonPatch EMPTY = new JsonPatch(List.of());

  public JsonPatch {
    operations = List.copyOf(operations);
  }

  public boolean isEmpty() {
    return operations.isEmpty();
  }

  /** The patch as its JSON array. */
  public ArrayNode toJson() {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    for (Operation op : operations) {
      ObjectNode node = out.addObject();
      node.put("op", op.op().name().toLowerCase(Locale.ROOT));
      node.put("path", op.path());
      node.set("value", op.value());
    }
    return out;
  }

  /**
   * The JSON Pointer (RFC 6901) of a path: each segment with {@code ~} written {@code ~0} and
   * {@code /} written {@code ~1}, e.g. {@code ("metadata", "labels", "kuma.io/mesh")} → {@code
   * /metadata/labels/kuma.io~1mesh}.
   */
  public static String pointer(String... segments) {
    StringBuilder out = new StringBuilder();
    for (String segment : segments) {
      out.append('/').append(segment.replace("~", "~0").replace("/", "~1"));
    }
    return out.toString();
  }

  /** The operations used. */
  public enum Op {
    ADD,
    REPLACE
  }

  /**
   * One operation.
   *
   * @param op add or replace
   * @param path a JSON Pointer ({@link #pointer})
   * @param value the value; copied
   */
  public record Operation(Op op, String path, JsonNode value) {
    public Operation {
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(path, "path");
      value = value.deepCopy();
    }

    @Override
    public JsonNode value() {
      return value.deepCopy();
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Collects operations in order. Not thread-safe; use one per request. */
  public static final class Builder {
    private final List<Operation> operations = new ArrayList<>();

    public Builder add(String path, JsonNode value) {
      operations.add(new Operation(Op.ADD, path, value));
      return this;
    }

    public Builder add(String path, String value) {
      return add(path, JsonNodeFactory.instance.textNode(value));
    }

    public Builder replace(String path, JsonNode value) {
      operations.add(new Operation(Op.REPLACE, path, value));
      return this;
    }

    public JsonPatch build() {
      return new JsonPatch(operations);
    }
  }
}
