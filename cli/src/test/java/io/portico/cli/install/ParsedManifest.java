package io.portico.cli.install;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.NoSuchElementException;

/** A printed multi-document YAML stream read back, with look-ups by kind and name. */
record ParsedManifest(List<JsonNode> objects) {
  private static final YAMLMapper YAML = new YAMLMapper();

  static ParsedManifest parse(String yaml) {
    try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      return new ParsedManifest(
          documents.readAll().stream().filter(d -> d != null && !d.isMissingNode()).toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<JsonNode> ofKind(String kind) {
    return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
  }

  JsonNode get(String kind, String name) {
    return objects.stream()
        .filter(o -> o.path("kind").asText().equals(kind))
        .filter(o -> o.path("metadata").path("name").asText().equals(name))
        .findFirst()
        .orElseThrow(() -> new NoSuchElementException(kind + " " + name));
  }

  List<String> kinds() {
    return objects.stream().map(o -> o.path("kind").asText()).toList();
  }

  /** The values of a list of strings. */
  static List<String> strings(JsonNode array) {
    return java.util.stream.StreamSupport.stream(array.spliterator(), false)
        .map(JsonNode::asText)
        .toList();
  }
}
