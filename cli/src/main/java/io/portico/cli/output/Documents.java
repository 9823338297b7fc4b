package io.portico.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.UncheckedIOException;

/**
 * Writes JSON trees as the YAML and JSON that kumactl prints: YAML without a document start marker
 * and with lists at their key's indentation; JSON indented by two spaces with {@code "key": value}
 * and empty containers as {@code {}} and {@code []} (Go's {@code json.MarshalIndent}). Field order
 * is the tree's order. Thread-safe.
 */
public final class Documents {
  private static final YAMLMapper YAML =
      new YAMLMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
              .build());
  private static final ObjectWriter JSON;

  static {
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    Separators separators =
        Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
            .withObjectEmptySeparator("")
            .withArrayEmptySeparator("");
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter()
            .withSeparators(separators)
            .withObjectIndenter(indenter)
            .withArrayIndenter(indenter);
    JSON = JsonMapper.builder().build().writer(printer);
  }

  private Documents() {}

  /** The tree as YAML, ending with a newline. */
  public static String yaml(JsonNode tree) {
    try {
      return YAML.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The tree as indented JSON, ending with a newline. */
  public static String json(JsonNode tree) {
    try {
      return JSON.writeValueAsString(tree) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The tree in the given format; {@code TABLE} is not a document format. */
  public static String write(JsonNode tree, OutputFormat format) {
    return switch (format) {
      case YAML -> yaml(tree);
      case JSON -> json(tree);
      case TABLE -> throw new IllegalArgumentException("a table is not a document format");
    };
  }
}
