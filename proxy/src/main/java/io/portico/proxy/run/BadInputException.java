package io.portico.proxy.run;

/**
 * The command line, the environment or a file it names is wrong; the message says which value and
 * what was expected. {@code portico-dp run} prints it and exits with {@link #EXIT_CODE}.
 */
public final class BadInputException extends RuntimeException {
  /** Exit code for bad input, as picocli uses for unparseable command lines. */
  public static final int EXIT_CODE = 2;

  public BadInputException(String message) {
    super(message);
  }

  public BadInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
