package io.portico.mesh.api.validation;

import java.util.Objects;

/**
 * One validation error: a field path such as {@code conf.listeners[1].port} (empty for the whole
 * resource) and what is wrong with it.
 */
public record Violation(String field, String message) {
  public Violation {
    field = field == null ? "" : field;
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return field.isEmpty() ? message : field + ": " + message;
  }
}
