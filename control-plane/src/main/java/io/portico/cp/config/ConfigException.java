package io.portico.cp.config;

import java.util.List;

/** The configuration cannot be used; the message names every bad key or variable and why. */
public final class ConfigException extends RuntimeException {
  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super(String.join("\n", problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a configuration error needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  public ConfigException(String problem) {
    this(List.of(problem));
  }

  /** One line per bad key or variable. */
  public List<String> problems() {
    return problems;
  }
}
