package io.portico.cp.auth;

/** No signing key exists yet to issue a token with (spec/core.md §5.5 "Signing Key not found"). */
public final class SigningKeyNotFoundException extends RuntimeException {
  public SigningKeyNotFoundException(String message) {
    super(message);
  }
}
