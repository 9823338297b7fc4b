package io.portico.mesh.api.policy;

import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.codec.ParsedDocument;
import io.portico.mesh.api.validation.ValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Specs are built from any well-typed input and validators report problems instead of throwing:
 * every field and list element of every example is, in turn, nulled, emptied and blanked.
 */
class ValidatorRobustnessTest {
  private static final List<Supplier<JsonNode>> REPLACEMENTS =
      List.of(
          JsonNodeFactory.instance::nullNode,
          JsonNodeFactory.instance::objectNode,
          () -> JsonNodeFactory.instance.textNode(""));

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "traffic-permission.yaml",
        "traffic-route.yaml",
        "timeout.yaml",
        "retry.yaml",
        "circuit-breaker.yaml",
        "health-check.yaml",
        "fault-injection.yaml",
        "rate-limit.yaml",
        "traffic-log.yaml",
        "traffic-trace.yaml",
        "proxy-template.yaml",
        "virtual-outbound.yaml",
        "external-service.yaml",
        "mesh-traffic-permission.yaml",
        "mesh-access-log.yaml",
        "mesh-trace.yaml"
      })
  void validatorNeverThrowsOnDegradedInput(String file) throws IOException {
    for (ParsedDocument doc : Violations.CODEC.readDocuments(read(file))) {
      ObjectNode tree = Violations.CODEC.toTree(doc.resource());
      for (JsonNode variant : variants(tree)) {
        Resource<?> resource;
        try {
          resource = Violations.CODEC.fromTree(variant);
        } catch (ValidationException e) {
          continue;
        }
        assertThatCode(() -> Violations.of(resource))
            .as(variant.toString())
            .doesNotThrowAnyException();
      }
    }
  }

  /** Copies of {@code root} with one value below the resource meta replaced. */
  private static List<JsonNode> variants(ObjectNode root) {
    List<JsonNode> out = new ArrayList<>();
    collect(root, root, new ArrayList<>(), out);
    return out;
  }

  private static void collect(
      ObjectNode root, JsonNode node, List<Object> path, List<JsonNode> out) {
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        if (path.isEmpty() && List.of("type", "mesh", "name").contains(name)) {
          continue;
        }
        List<Object> at = new ArrayList<>(path);
        at.add(name);
        replaceAt(root, at, out);
        collect(root, node.get(name), at, out);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        List<Object> at = new ArrayList<>(path);
        at.add(i);
        replaceAt(root, at, out);
        collect(root, node.get(i), at, out);
      }
    }
  }

  private static void replaceAt(ObjectNode root, List<Object> path, List<JsonNode> out) {
    for (Supplier<JsonNode> replacement : REPLACEMENTS) {
      ObjectNode copy = root.deepCopy();
      JsonNode parent = copy;
      for (int i = 0; i < path.size() - 1; i++) {
        Object step = path.get(i);
        parent = step instanceof Integer index ? parent.get(index) : parent.get((String) step);
      }
      Object last = path.get(path.size() - 1);
      if (parent instanceof ArrayNode array) {
        array.set((Integer) last, replacement.get());
      } else {
        ((ObjectNode) parent).set((String) last, replacement.get());
      }
      out.add(copy);
    }
  }

  private static String read(String file) throws IOException {
    try (InputStream in = ValidatorRobustnessTest.class.getResourceAsStream("/policies/" + file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
