package io.portico.proxy.config;

import java.util.List;

/** A config that cannot be applied, with every problem found ({@code path: message}). */
public final class InvalidConfigException extends Exception {
  private final List<String> errors;

  public InvalidConfigException(List<String> errors) {
    super(String.join("; ", errors));
    this.errors = List.copyOf(errors);
  }

  public List<String> errors() {
    return errors;
  }
}
