package io.portico.proxy.tls;

/**
 * Certificates, keys or CA bundles that cannot be used: bad PEM, a key that does not match its
 * certificate, an expired chain, or settings the TLS provider refuses. The message names the bad
 * value and what was expected; the config compiler prefixes it with the field's path.
 */
public final class TlsMaterialException extends Exception {
  public TlsMaterialException(String message) {
    super(message);
  }

  public TlsMaterialException(String message, Throwable cause) {
    super(message, cause);
  }
}
