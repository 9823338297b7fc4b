package io.portico.it.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * What an attacker or a careless script puts in a resource: values of every wrong type, numbers too
 * big, fractional or not finite, texts too long, control characters, lone surrogates, digit strings
 * where durations go, deep nesting and long arrays, and the paths at which to put them.
 */
final class Hostile {
  private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

  private Hostile() {}

  /** A value with the name it is reported under when a property fails. */
  record Value(String label, JsonNode node) {
    @Override
    public String toString() {
      return label;
    }
  }

  static List<Value> values() {
    List<Value> out = new ArrayList<>();
    out.add(new Value("null", NODES.nullNode()));
    out.add(new Value("true", NODES.booleanNode(true)));
    out.add(new Value("false", NODES.booleanNode(false)));
    out.add(new Value("0", NODES.numberNode(0)));
    out.add(new Value("-1", NODES.numberNode(-1)));
    out.add(new Value("1", NODES.numberNode(1)));
    out.add(new Value("80", NODES.numberNode(80)));
    out.add(new Value("65536", NODES.numberNode(65536)));
    out.add(new Value("80.5", NODES.numberNode(new BigDecimal("80.5"))));
    out.add(new Value("80.0", NODES.numberNode(new BigDecimal("80.0"))));
    out.add(new Value("1e10", NODES.numberNode(new BigDecimal("1e10"))));
    out.add(new Value("1e308", NODES.numberNode(new BigDecimal("1e308"))));
    out.add(new Value("1e400", NODES.numberNode(new BigDecimal("1e400"))));
    out.add(new Value("-1e400", NODES.numberNode(new BigDecimal("-1e400"))));
    out.add(new Value("2^31", NODES.numberNode(BigInteger.ONE.shiftLeft(31))));
    out.add(new Value("2^32", NODES.numberNode(BigInteger.ONE.shiftLeft(32))));
    out.add(new Value("2^63", NODES.numberNode(BigInteger.ONE.shiftLeft(63))));
    out.add(
        new Value(
            "-2^63-1",
            NODES.numberNode(BigInteger.ONE.shiftLeft(63).negate().subtract(BigInteger.ONE))));
    out.add(new Value("10^40", NODES.numberNode(BigInteger.TEN.pow(40))));
    out.add(new Value("\"\"", NODES.textNode("")));
    out.add(new Value("\"x\"", NODES.textNode("x")));
    out.add(new Value("\"*\"", NODES.textNode("*")));
    out.add(new Value("\"80\"", NODES.textNode("80")));
    out.add(new Value("\"80.5\"", NODES.textNode("80.5")));
    out.add(new Value("\"true\"", NODES.textNode("true")));
    out.add(new Value("\"yes\"", NODES.textNode("yes")));
    out.add(new Value("\"0\"", NODES.textNode("0")));
    out.add(new Value("\"5s\"", NODES.textNode("5s")));
    out.add(new Value("\"-5s\"", NODES.textNode("-5s")));
    out.add(new Value("\"1.5h\"", NODES.textNode("1.5h")));
    out.add(new Value("\"876001h\"", NODES.textNode("876001h")));
    out.add(new Value("\"10000000000s\"", NODES.textNode("10000000000s")));
    out.add(new Value("\"1e10s\"", NODES.textNode("1e10s")));
    out.add(new Value("800 digits", NODES.textNode("1".repeat(800))));
    out.add(new Value("10000 digits + s", NODES.textNode("1".repeat(10_000) + "s")));
    out.add(new Value("10000 chars", NODES.textNode("a".repeat(10_000))));
    out.add(new Value("4097 chars", NODES.textNode("b".repeat(4097))));
    out.add(new Value("\"\\u0000\"", NODES.textNode("a\u0000b")));
    out.add(new Value("\"\\u0007\"", NODES.textNode("\u0007")));
    out.add(new Value("\"\\r\\n header\"", NODES.textNode("x\r\nX-Injected: 1")));
    out.add(new Value("lone surrogate", NODES.textNode("a\uD800b")));
    out.add(new Value("\"🙂 ü\"", NODES.textNode("🙂 ü")));
    out.add(new Value("\"../../etc/passwd\"", NODES.textNode("../../etc/passwd")));
    out.add(new Value("\"%zz\"", NODES.textNode("%zz")));
    out.add(new Value("\"(a+)+$\"", NODES.textNode("(a+)+$")));
    out.add(new Value("\"[\"", NODES.textNode("[")));
    out.add(new Value("\"0.0.0.0:0\"", NODES.textNode("0.0.0.0:0")));
    out.add(new Value("\"::\"", NODES.textNode("::")));
    out.add(
        new Value(
            "\"-----BEGIN CERTIFICATE-----\"",
            NODES.textNode("-----BEGIN CERTIFICATE-----\n".repeat(200))));
    out.add(new Value("{}", NODES.objectNode()));
    out.add(new Value("[]", NODES.arrayNode()));
    out.add(new Value("[null]", NODES.arrayNode().addNull()));
    ObjectNode manyKeys = NODES.objectNode();
    for (int i = 0; i < 1000; i++) {
      manyKeys.put("k" + i, i);
    }
    out.add(new Value("{1000 keys}", manyKeys));
    out.add(new Value("70 levels", nested(70)));
    out.add(new Value("60 levels", nested(60)));
    return out;
  }

  private static JsonNode nested(int depth) {
    JsonNode node = NODES.textNode("deep");
    for (int i = 0; i < depth; i++) {
      ArrayNode wrap = NODES.arrayNode();
      wrap.add(node);
      node = wrap;
    }
    return node;
  }

  /** One step of a path in a tree: a field name or an array index. */
  record Step(String field, int index) {
    @Override
    public String toString() {
      return field != null ? "." + field : "[" + index + "]";
    }
  }

  /** Every path to a node below the root, in document order. */
  static List<List<Step>> paths(JsonNode root) {
    List<List<Step>> out = new ArrayList<>();
    collect(root, new ArrayList<>(), out);
    return out;
  }

  private static void collect(JsonNode node, List<Step> at, List<List<Step>> out) {
    if (node.isObject()) {
      node.properties()
          .forEach(
              e -> {
                List<Step> next = new ArrayList<>(at);
                next.add(new Step(e.getKey(), -1));
                out.add(next);
                collect(e.getValue(), next, out);
              });
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        List<Step> next = new ArrayList<>(at);
        next.add(new Step(null, i));
        out.add(next);
        collect(node.get(i), next, out);
      }
    }
  }

  /** The node at a path, or null when the path does not exist in the tree. */
  static JsonNode at(JsonNode root, List<Step> path) {
    JsonNode node = root;
    for (Step step : path) {
      if (node == null) {
        return null;
      }
      node = step.field() != null ? node.get(step.field()) : node.get(step.index());
    }
    return node;
  }

  /**
   * A copy of the tree with the node at the path replaced ({@code value}) or removed (null); the
   * tree unchanged when an earlier change removed or replaced the path's parent.
   */
  static JsonNode with(JsonNode root, List<Step> path, JsonNode value) {
    JsonNode copy = root.deepCopy();
    JsonNode parent = at(copy, path.subList(0, path.size() - 1));
    Step last = path.get(path.size() - 1);
    if (parent instanceof ObjectNode object && last.field() != null) {
      if (value == null) {
        object.remove(last.field());
      } else {
        object.set(last.field(), value);
      }
    } else if (parent instanceof ArrayNode array
        && last.field() == null
        && last.index() < array.size()) {
      if (value == null) {
        array.remove(last.index());
      } else {
        array.set(last.index(), value);
      }
    }
    return copy;
  }
}
