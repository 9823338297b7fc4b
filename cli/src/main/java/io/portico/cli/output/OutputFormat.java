package io.portico.cli.output;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The {@code -o/--output} formats of {@code get} and {@code inspect}. */
public enum OutputFormat {
  TABLE,
  YAML,
  JSON;

  /**
   * Parses a format name, ignoring case.
   *
   * @throws IllegalArgumentException naming the bad value and the accepted ones
   */
  public static OutputFormat parse(String text) {
    for (OutputFormat format : values()) {
      if (format.name().equalsIgnoreCase(text.trim())) {
        return format;
      }
    }
    throw new IllegalArgumentException(
        "unknown output format \""
            + text
            + "\": expected one of "
            + Arrays.stream(values())
                .map(OutputFormat::toString)
                .collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
