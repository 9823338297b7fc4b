package io.portico.cp.auth;

/** A bearer token was sent but cannot be trusted; the message says why without echoing it. */
public final class InvalidTokenException extends RuntimeException {
  public InvalidTokenException(String message) {
    super(message);
  }
}
