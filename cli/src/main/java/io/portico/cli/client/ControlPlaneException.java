package io.portico.cli.client;

/**
 * A call to the control plane failed; the message is meant for the user and names the control
 * plane's address.
 */
public class ControlPlaneException extends RuntimeException {
  public ControlPlaneException(String message) {
    super(message);
  }

  public ControlPlaneException(String message, Throwable cause) {
    super(message, cause);
  }
}
