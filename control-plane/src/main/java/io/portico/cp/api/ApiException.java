package io.portico.cp.api;

import io.portico.mesh.api.validation.Violation;
import java.util.List;

/** A failure with its HTTP answer: {@code {title, details, causes}} (spec/core.md §5.5). */
public final class ApiException extends RuntimeException {
  private final int status;
  private final String title;
  private final String details;
  private final List<Violation> causes;

  public ApiException(int status, String title, String details, List<Violation> causes) {
    super(status + " " + title + ": " + details, null, false, false);
    this.status = status;
    this.title = title;
    this.details = details;
    this.causes = List.copyOf(causes);
  }

  public ApiException(int status, String title, String details) {
    this(status, title, details, List.of());
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  public String details() {
    return details;
  }

  public List<Violation> causes() {
    return causes;
  }
}
