package io.portico.cli.config;

/** The configuration file could not be read, parsed or written; the message names the file. */
public final class ConfigFileException extends RuntimeException {
  public ConfigFileException(String message, Throwable cause) {
    super(message, cause);
  }

  public ConfigFileException(String message) {
    super(message);
  }
}
