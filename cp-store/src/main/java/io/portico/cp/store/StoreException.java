package io.portico.cp.store;

/** A store operation failed; subclasses say why in terms a caller can act on. */
public class StoreException extends RuntimeException {
  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
