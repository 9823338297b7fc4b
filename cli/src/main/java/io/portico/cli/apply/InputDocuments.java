package io.portico.cli.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.portico.format.MustacheTemplate;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.SpecShape;
import io.portico.mesh.api.codec.MalformedDocumentException;
import io.portico.mesh.api.codec.ResourceCodec;
import io.portico.mesh.api.codec.TreeReader;
import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.NameRules;
import io.portico.mesh.api.validation.ValidationException;
import io.portico.mesh.api.validation.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Splits apply input into documents and checks each one locally.
 *
 * <p>The text is split at {@code ---} lines first, so that each document is rendered as a template
 * on its own (a template need not be valid YAML before rendering). Each rendered document is parsed
 * in Universal or Kubernetes form, its type must be known and its name and mesh must follow the
 * name rules (spec/core.md §0). Line numbers refer to the input as given.
 */
final class InputDocuments {
  private static final Pattern SEPARATOR = Pattern.compile("^---(\\s.*)?$");

  private record Chunk(int firstLine, String text) {}

  private InputDocuments() {}

  /**
   * Reads every document of the input.
   *
   * @param variables the Mustache context, or null to use the text as is (no {@code -v} given)
   */
  static List<InputDocument> read(String text, Map<String, Object> variables, ResourceCodec codec) {
    List<InputDocument> out = new ArrayList<>();
    for (Chunk chunk : split(text)) {
      String rendered = chunk.text();
      if (variables != null) {
        try {
          rendered = MustacheTemplate.parse(chunk.text()).render(variables);
        } catch (IllegalArgumentException e) {
          int line = chunk.firstLine() + firstContentLine(chunk.text()) - 1;
          out.add(
              new InputDocument(
                  out.size() + 1,
                  line,
                  null,
                  null,
                  List.of(new Violation("", "template: " + e.getMessage()))));
          continue;
        }
      }
      readChunk("\n".repeat(chunk.firstLine() - 1) + rendered, codec, out);
    }
    return out;
  }

  private static void readChunk(String text, ResourceCodec codec, List<InputDocument> out) {
    TreeReader.Documents read = TreeReader.readYamlDocuments(text);
    for (TreeReader.Document doc : read.documents()) {
      out.add(check(out.size() + 1, doc.line(), doc.tree(), codec));
    }
    MalformedDocumentException failure = read.failure();
    if (failure != null) {
      out.add(
          new InputDocument(
              out.size() + 1,
              Math.max(
                  1, read.failedDocumentLine() > 0 ? read.failedDocumentLine() : failure.line()),
              null,
              null,
              List.of(new Violation("", failure.getMessage()))));
    }
  }

  private static InputDocument check(int number, int line, JsonNode node, ResourceCodec codec) {
    Resource<?> resource;
    try {
      resource = codec.fromTree(node);
    } catch (ValidationException e) {
      return new InputDocument(number, line, null, null, e.violations());
    }
    boolean kubernetes = isKubernetes(node);
    Errors errors = new Errors();
    NameRules.validate(kubernetes ? "metadata.name" : "name", resource.name(), errors);
    if (resource.type().isMeshScoped()) {
      NameRules.validate("mesh", resource.mesh(), errors);
    }
    if (!errors.isEmpty()) {
      return new InputDocument(number, line, null, null, errors.violations());
    }
    ObjectNode universal =
        kubernetes ? toUniversal((ObjectNode) node, resource) : (ObjectNode) node;
    return new InputDocument(number, line, universal, resource, List.of());
  }

  private static boolean isKubernetes(JsonNode node) {
    return node.hasNonNull("apiVersion") || node.hasNonNull("kind");
  }

  /** {@code type}, {@code mesh}, {@code name}, then the spec inline or under {@code spec}. */
  private static ObjectNode toUniversal(ObjectNode kubernetes, Resource<?> resource) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("type", resource.type().name());
    if (resource.type().isMeshScoped()) {
      out.put("mesh", resource.mesh());
    }
    out.put("name", resource.name());
    JsonNode spec = kubernetes.path("spec");
    if (spec instanceof ObjectNode specObject) {
      if (resource.type().shape() == SpecShape.NESTED) {
        out.set("spec", specObject);
      } else {
        out.setAll(specObject);
      }
    }
    return out;
  }

  /** Splits at {@code ---} lines; each chunk but the first starts with its separator line. */
  private static List<Chunk> split(String text) {
    List<Chunk> chunks = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int currentFirst = 1;
    int lineNumber = 0;
    int at = 0;
    while (at < text.length()) {
      int end = text.indexOf('\n', at);
      String line = end < 0 ? text.substring(at) : text.substring(at, end + 1);
      at = end < 0 ? text.length() : end + 1;
      lineNumber++;
      String bare = line.replaceAll("\\r?\\n$", "");
      if (SEPARATOR.matcher(bare).matches() && current.length() > 0) {
        chunks.add(new Chunk(currentFirst, current.toString()));
        current.setLength(0);
        currentFirst = lineNumber;
      }
      current.append(line);
    }
    if (current.length() > 0) {
      chunks.add(new Chunk(currentFirst, current.toString()));
    }
    return chunks;
  }

  /** The 1-based line of the first line that is neither blank, a comment nor a separator. */
  private static int firstContentLine(String text) {
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String trimmed = lines[i].trim();
      if (!trimmed.isEmpty() && !trimmed.startsWith("#") && !SEPARATOR.matcher(trimmed).matches()) {
        return i + 1;
      }
    }
    return 1;
  }
}
