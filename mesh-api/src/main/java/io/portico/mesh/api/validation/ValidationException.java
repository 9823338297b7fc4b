package io.portico.mesh.api.validation;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when a resource is not valid; carries every violation found. */
public final class ValidationException extends RuntimeException {
  private final List<Violation> violations;

  public ValidationException(List<Violation> violations) {
    super(
        violations.stream().map(Violation::toString).collect(Collectors.joining("; ")),
        null,
        false,
        false);
    if (violations.isEmpty()) {
      throw new IllegalArgumentException("a validation error needs at least one violation");
    }
    this.violations = List.copyOf(violations);
  }

  public static ValidationException of(String field, String message) {
    return new ValidationException(List.of(new Violation(field, message)));
  }

  public List<Violation> violations() {
    return violations;
  }
}
