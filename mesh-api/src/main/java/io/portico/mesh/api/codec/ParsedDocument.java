package io.portico.mesh.api.codec;

import io.portico.mesh.api.Resource;
import io.portico.mesh.api.validation.Violation;
import java.util.List;

/**
 * One document of a (possibly multi-document) YAML or JSON input.
 *
 * @param number the 1-based position of the document in the input
 * @param line the 1-based line where the document starts
 * @param resource the parsed resource, or null when the document could not be parsed
 * @param violations why the document could not be parsed (empty when {@code resource} is set)
 */
public record ParsedDocument(
    int number, int line, Resource<?> resource, List<Violation> violations) {
  public ParsedDocument {
    violations = List.copyOf(violations);
  }

  public boolean isParsed() {
    return resource != null;
  }

  /** Where the document is, for messages: {@code document 2 (line 14)}. */
  public String describe() {
    return "document " + number + " (line " + line + ")";
  }
}
