package io.portico.cp.ca;

/**
 * A mesh's CA cannot be used: its secrets or data sources are missing or do not hold a CA
 * certificate and its key. The message names the mesh, the backend and what is wrong.
 */
public final class CaUnavailableException extends RuntimeException {
  public CaUnavailableException(String message) {
    super(message);
  }

  public CaUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
