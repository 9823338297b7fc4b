package io.portico.format;

/** A well-formed duration that is longer than the field or the parser can hold. */
public final class DurationOutOfRangeException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public DurationOutOfRangeException(String message) {
    super(message);
  }
}
