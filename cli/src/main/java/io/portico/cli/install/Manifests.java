package io.portico.cli.install;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes Kubernetes objects as one multi-document YAML stream, each document starting with {@code
 * ---} (as {@code kumactl install} prints them). Strings are quoted only where YAML needs it (so
 * {@code "true"}, {@code "5443"} and {@code ""} stay strings), lists sit at their key's indentation
 * (as {@code kubectl get -o yaml}), and multi-line strings are literal blocks ({@code |}).
 * Thread-safe.
 */
final class Manifests {
  private static final YAMLMapper YAML =
      new YAMLMapper(
          YAMLFactory.builder()
              .enable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
              .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
              .build());

  private Manifests() {}

  /** The objects in order, each as a {@code ---} document. */
  static String yaml(List<? extends JsonNode> objects) {
    StringBuilder out = new StringBuilder();
    for (JsonNode object : objects) {
      try {
        out.append(YAML.writeValueAsString(object));
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out.toString();
  }
}
