package io.portico.cli.context;

/**
 * A command failed for a reason the user can act on. porticoctl prints {@code Error: <message>} to
 * stderr, without a stack trace, and exits with status 1.
 */
public final class CliException extends RuntimeException {
  public CliException(String message) {
    super(message);
  }

  public CliException(String message, Throwable cause) {
    super(message, cause);
  }
}
