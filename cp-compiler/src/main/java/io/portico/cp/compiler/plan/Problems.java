package io.portico.cp.compiler.plan;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The problems of one compilation, in the order they were found, each once. Mutable: one instance
 * per compilation, confined to it.
 */
public final class Problems {
  private final Set<Problem> found = new LinkedHashSet<>();

  /** Records a problem (again = no-op). */
  public void add(String subject, String message) {
    found.add(new Problem(subject, message));
  }

  /** Everything recorded so far. */
  public List<Problem> list() {
    return List.copyOf(found);
  }
}
