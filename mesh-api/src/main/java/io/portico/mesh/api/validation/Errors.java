package io.portico.mesh.api.validation;

import java.util.ArrayList;
import java.util.List;

/** Collects every violation found while validating one resource. Not thread-safe. */
public final class Errors {
  private final List<Violation> violations = new ArrayList<>();

  public Errors add(Path path, String message) {
    violations.add(new Violation(path.value(), message));
    return this;
  }

  public Errors add(String field, String message) {
    violations.add(new Violation(field, message));
    return this;
  }

  public Errors addAll(List<Violation> more) {
    violations.addAll(more);
    return this;
  }

  public boolean isEmpty() {
    return violations.isEmpty();
  }

  public int size() {
    return violations.size();
  }

  public List<Violation> violations() {
    return List.copyOf(violations);
  }

  /** Throws a {@link ValidationException} with every violation, if there is any. */
  public void throwIfAny() {
    if (!violations.isEmpty()) {
      throw new ValidationException(violations);
    }
  }
}
