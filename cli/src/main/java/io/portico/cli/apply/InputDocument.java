package io.portico.cli.apply;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.validation.Violation;
import java.util.List;

/**
 * One document of the input to apply.
 *
 * @param number 1-based position among the non-empty documents
 * @param line the 1-based line of the input where the document's content starts
 * @param universal the body to PUT: the document in Universal form (Kubernetes-form documents are
 *     converted); null when the document is not valid
 * @param resource the parsed resource (type, mesh, name); null when not valid
 * @param violations why the document is not valid; empty when it is
 */
record InputDocument(
    int number, int line, ObjectNode universal, Resource<?> resource, List<Violation> violations) {
  InputDocument {
    violations = List.copyOf(violations);
  }

  boolean isValid() {
    return violations.isEmpty();
  }

  /** {@code document 2 (line 14)}. */
  String where() {
    return "document " + number + " (line " + line + ")";
  }

  /** {@code Dataplane "web" in mesh "default"}, or {@code Mesh "demo"} for global types. */
  String what() {
    String base = resource.type().name() + " \"" + resource.name() + "\"";
    return resource.type().isMeshScoped() ? base + " in mesh \"" + resource.mesh() + "\"" : base;
  }
}
