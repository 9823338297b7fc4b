package io.portico.cp.auth;

/** The caller is known but may not do this; the message names the user and the rule. */
public final class AccessDeniedException extends RuntimeException {
  public AccessDeniedException(String message) {
    super(message);
  }
}
